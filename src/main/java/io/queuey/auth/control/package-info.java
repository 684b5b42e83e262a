/** The rules of authentication and permission: which key is which application, who may do what. */
package io.queuey.auth.control;

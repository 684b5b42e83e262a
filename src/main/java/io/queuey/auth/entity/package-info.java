/** Value types of authentication: principals and credentials. */
package io.queuey.auth.entity;

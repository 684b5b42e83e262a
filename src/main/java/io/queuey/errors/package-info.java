/** The one exception vocabulary of Queuey: every failure a client can see has a type here. */
package io.queuey.errors;

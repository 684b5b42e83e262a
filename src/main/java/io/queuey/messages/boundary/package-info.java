/** The HTTP calls that post, read, fetch, overwrite and delete messages. */
package io.queuey.messages.boundary;

/** The HTTP calls that list, create, update and delete queues. */
package io.queuey.queues.boundary;

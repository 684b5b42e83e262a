/** The rules of queue management, and the storage port that queue metadata is kept behind. */
package io.queuey.queues.control;

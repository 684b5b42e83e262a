/** Counting the messages each queue is posted and read, over a short rolling window. */
package io.queuey.stats.control;

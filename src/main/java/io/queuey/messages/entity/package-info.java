/** Value types of messages: ids, timestamps, partitions, TTLs and the message itself. */
package io.queuey.messages.entity;

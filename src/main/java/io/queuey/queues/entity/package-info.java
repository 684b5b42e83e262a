/** Value types of queues: names, settings and delivery characteristics. */
package io.queuey.queues.entity;

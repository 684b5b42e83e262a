package io.queuey.stats.entity;

/** One queue's traffic, in an application's stats. */
public record QueueTraffic(String queueName, Traffic traffic) {}

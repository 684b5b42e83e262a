package io.queuey.platform;

/**
 * A CDI event, fired once while the WAR stops, after the requests in flight have finished (or the
 * grace period ran out): what serves requests, such as the storage session, may close now.
 */
public record RequestsDrained() {}

package io.queuey.groups.entity;

import java.util.Optional;

/** A group's state as {@code GET .../groups/{group}} reports it; ages in whole seconds. */
public record GroupStats(
    long inFlight, long dead, Optional<Long> oldestUnackedAge, Optional<Long> lagSeconds) {}

package io.queuey.groups.entity;

import io.queuey.queues.entity.QueueName;
import java.util.Optional;

/**
 * Parameters of a create or an update, each validated and optional. {@code deadLetterQueue} is
 * present-and-empty when the client cleared it (an empty value).
 */
public record GroupChange(
    Optional<GroupName> name,
    Optional<Mode> mode,
    Optional<Integer> visibility,
    Optional<Integer> maxDeliveries,
    Optional<Optional<QueueName>> deadLetterQueue,
    Optional<Boolean> ordered,
    Optional<String> start) {}

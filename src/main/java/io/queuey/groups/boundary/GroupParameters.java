package io.queuey.groups.boundary;

import io.queuey.errors.InvalidParameter;
import io.queuey.groups.entity.ClaimRequest;
import io.queuey.groups.entity.Group;
import io.queuey.groups.entity.GroupChange;
import io.queuey.groups.entity.GroupName;
import io.queuey.groups.entity.Mode;
import io.queuey.groups.entity.Position;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.Timestamp;
import io.queuey.platform.Booleans;
import io.queuey.platform.Limit;
import io.queuey.platform.Validation;
import io.queuey.queues.entity.QueueName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parameters of the group calls, validated all at once (one error key per bad field). */
final class GroupParameters {

  static final int MAX_DELAY_SECONDS = Group.MAX_VISIBILITY_SECONDS;

  private GroupParameters() {}

  static GroupChange change(Map<String, String> fields) {
    var validation = new Validation();
    Optional<GroupName> name = validation.optional(fields.get("group_name"), GroupName::parse);
    Optional<Mode> mode = validation.optional(fields.get("mode"), Mode::parse);
    Optional<Integer> visibility =
        validation.optional(fields.get("visibility"), GroupParameters::visibility);
    Optional<Integer> maxDeliveries =
        validation.optional(
            fields.get("max_deliveries"),
            text -> {
              int value = integer("max_deliveries", text, 0, Group.MAX_DELIVERIES);
              return value;
            });
    Optional<Optional<QueueName>> deadLetter =
        validation.optional(
            fields.get("dead_letter_queue"),
            text -> {
              if (text.isEmpty()) {
                return Optional.<QueueName>empty();
              }
              return Optional.of(
                  QueueName.tryParse(text)
                      .orElseThrow(
                          () ->
                              new InvalidParameter(
                                  "dead_letter_queue", "dead_letter_queue must be a queue name.")));
            });
    Optional<Boolean> ordered =
        validation.optional(fields.get("ordered"), text -> Booleans.parseBoolean("ordered", text));
    Optional<String> start =
        validation.optional(
            fields.get("start"),
            text -> {
              Position.parse("start", text, Timestamp.now());
              return text;
            });
    validation.throwIfInvalid();
    return new GroupChange(name, mode, visibility, maxDeliveries, deadLetter, ordered, start);
  }

  static ClaimRequest claim(Map<String, String> fields) {
    var validation = new Validation();
    int max =
        validation
            .optional(fields.get("max"), text -> Limit.parse("max", text, 1))
            .map(Limit::value)
            .orElse(1);
    Optional<Integer> visibility =
        validation.optional(fields.get("visibility"), GroupParameters::visibility);
    int wait =
        validation
            .optional(
                fields.get("wait"), text -> integer("wait", text, 0, ClaimRequest.MAX_WAIT_SECONDS))
            .orElse(0);
    List<Partition> partitions =
        validation
            .optional(fields.get("partitions"), text -> Partition.parseList("partitions", text))
            .orElse(List.of());
    validation.throwIfInvalid();
    return new ClaimRequest(max, visibility, wait, partitions);
  }

  static List<String> receipts(Map<String, String> fields) {
    String text = fields.get("receipts");
    if (text == null || text.isBlank()) {
      throw new InvalidParameter("receipts", "receipts must list at least one receipt.");
    }
    var receipts = new ArrayList<String>();
    for (String receipt : text.split(",")) {
      String trimmed = receipt.trim();
      if (!trimmed.isEmpty() && !receipts.contains(trimmed)) {
        receipts.add(trimmed);
      }
    }
    if (receipts.isEmpty()) {
      throw new InvalidParameter("receipts", "receipts must list at least one receipt.");
    }
    if (receipts.size() > Limit.MAX) {
      throw new InvalidParameter("receipts", "At most " + Limit.MAX + " receipts per call.");
    }
    return receipts;
  }

  static int delay(Map<String, String> fields) {
    String text = fields.get("delay");
    return text == null ? 0 : integer("delay", text, 0, MAX_DELAY_SECONDS);
  }

  static Optional<Integer> visibilityOf(Map<String, String> fields) {
    String text = fields.get("visibility");
    return text == null ? Optional.empty() : Optional.of(visibility(text));
  }

  /** {@code since} (a timestamp or an id) or {@code position} ({@code earliest}/{@code latest}). */
  static MessageId seek(Map<String, String> fields) {
    String since = fields.get("since");
    String position = fields.get("position");
    if ((since == null) == (position == null)) {
      throw new InvalidParameter(
          since == null ? "since" : "position", "Give either since or position, not both.");
    }
    if (since != null) {
      return Position.since("since", since);
    }
    return switch (position) {
      case "earliest" -> Position.earliest();
      case "latest" -> Position.latest(Timestamp.now());
      default -> throw new InvalidParameter("position", "position must be 'earliest' or 'latest'.");
    };
  }

  private static int visibility(String text) {
    return integer("visibility", text, 1, Group.MAX_VISIBILITY_SECONDS);
  }

  static int integer(String field, String text, int min, int max) {
    String trimmed = text.trim();
    boolean digits = !trimmed.isEmpty() && trimmed.length() <= 9;
    for (int i = 0; digits && i < trimmed.length(); i++) {
      digits = Character.isDigit(trimmed.charAt(i)) && trimmed.charAt(i) < 128;
    }
    if (digits) {
      int value = Integer.parseInt(trimmed);
      if (value >= min && value <= max) {
        return value;
      }
    }
    throw new InvalidParameter(
        field, field + " must be a whole number from " + min + " to " + max + ".");
  }
}

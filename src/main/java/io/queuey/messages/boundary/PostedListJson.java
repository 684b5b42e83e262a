package io.queuey.messages.boundary;

import io.queuey.messages.entity.PostedMessage;
import io.queuey.platform.boundary.JsonWriters;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code {"status": "ok", "messages": [{"key", "timestamp", "partition"(, "duplicate")}...]}}, the
 * answer to a post, written straight to the response stream (no map per message).
 */
final class PostedListJson implements StreamingOutput {

  private final List<PostedMessage> posted;

  PostedListJson(List<PostedMessage> posted) {
    this.posted = posted;
  }

  @Override
  public void write(OutputStream out) {
    try (JsonGenerator json = JsonWriters.utf8(out)) {
      json.writeStartObject().write("status", "ok").writeStartArray("messages");
      for (PostedMessage message : posted) {
        json.writeStartObject()
            .write("key", message.id().hex())
            .write("timestamp", message.id().timestamp().wire())
            .write("partition", message.partition().number());
        if (message.duplicate()) {
          json.write("duplicate", true);
        }
        json.writeEnd();
      }
      json.writeEnd().writeEnd();
    }
  }
}

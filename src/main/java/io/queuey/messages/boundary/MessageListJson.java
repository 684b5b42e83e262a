package io.queuey.messages.boundary;

import io.queuey.messages.entity.Message;
import io.queuey.platform.boundary.JsonWriters;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code {"status": "ok", "messages": [...]}} written straight to the response stream, message by
 * message: no map per message and no whole document in memory next to the messages (a read may
 * answer megabytes of bodies).
 */
final class MessageListJson implements StreamingOutput {

  private final List<Message> messages;

  MessageListJson(List<Message> messages) {
    this.messages = messages;
  }

  @Override
  public void write(OutputStream out) {
    try (JsonGenerator json = JsonWriters.utf8(out)) {
      json.writeStartObject().write("status", "ok").writeStartArray("messages");
      for (Message message : messages) {
        json.writeStartObject()
            .write("message_id", message.id().hex())
            .write("timestamp", message.timestamp().wire())
            .write("body", message.body())
            .write("partition", message.partition().number())
            .writeEnd();
      }
      json.writeEnd().writeEnd();
    }
  }
}

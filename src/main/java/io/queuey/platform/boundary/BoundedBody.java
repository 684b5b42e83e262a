package io.queuey.platform.boundary;

import io.queuey.errors.InvalidParameter;
import io.queuey.errors.PayloadTooLarge;
import io.queuey.errors.RequestAborted;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a request body, but never more than the limit: a huge upload is refused after reading
 * {@code limit + 1} bytes instead of filling the heap.
 */
public final class BoundedBody {

  private BoundedBody() {}

  public static byte[] read(InputStream in, int limit) {
    if (in == null) {
      return new byte[0];
    }
    var out = new ByteArrayOutputStream(Math.min(limit, 8192));
    byte[] buffer = new byte[8192];
    try {
      int total = 0;
      int read;
      while ((read = in.read(buffer)) != -1) {
        total += read;
        if (total > limit) {
          throw new PayloadTooLarge(
              "body", "The request body is larger than the limit of " + limit + " bytes.");
        }
        out.write(buffer, 0, read);
      }
    } catch (IOException clientGone) {
      // The client disconnected or stalled mid-upload: its problem, not a server failure.
      throw new RequestAborted();
    }
    return out.toByteArray();
  }

  /** The bytes as text; bytes that are not UTF-8 are a client error, not replacement characters. */
  public static String utf8(byte[] bytes, String field) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      throw new InvalidParameter(field, "The body must be UTF-8 text.");
    }
  }
}

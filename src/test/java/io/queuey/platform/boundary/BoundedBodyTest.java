package io.queuey.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.queuey.errors.InvalidParameter;
import io.queuey.errors.PayloadTooLarge;
import io.queuey.errors.RequestAborted;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

  private static InputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  private static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }

  @Test
  void aBodyUpToTheLimitIsReadWhole() {
    assertArrayEquals(bytes(10), BoundedBody.read(stream(bytes(10)), 10));
    assertArrayEquals(bytes(3), BoundedBody.read(stream(bytes(3)), 10));
  }

  @Test
  void aBodyOneByteOverTheLimitIsPayloadTooLarge() {
    PayloadTooLarge tooLarge =
        assertThrows(PayloadTooLarge.class, () -> BoundedBody.read(stream(bytes(11)), 10));
    assertEquals(413, tooLarge.status());
    assertEquals(Set.of("body"), tooLarge.errors().keySet());
  }

  @Test
  void aBodyOfManyBuffersIsCountedWhole() {
    byte[] big = bytes(100_000);
    assertArrayEquals(big, BoundedBody.read(stream(big), 100_000));
    assertThrows(PayloadTooLarge.class, () -> BoundedBody.read(stream(big), 99_999));
  }

  @Test
  void anEndlessBodyIsRefusedSoonAfterTheLimit() {
    var endless =
        new InputStream() {
          long served;

          @Override
          public int read() {
            served++;
            return 'x';
          }

          @Override
          public int read(byte[] buffer, int offset, int length) {
            Arrays.fill(buffer, offset, offset + length, (byte) 'x');
            served += length;
            return length;
          }
        };
    assertThrows(PayloadTooLarge.class, () -> BoundedBody.read(endless, 50_000));
    assertTrue(endless.served <= 50_000 + 8192, () -> "read only " + endless.served);
  }

  @Test
  void noBodyIsEmpty() {
    assertEquals(0, BoundedBody.read(null, 10).length);
    assertEquals(0, BoundedBody.read(stream(new byte[0]), 10).length);
  }

  @Test
  void aStreamThatFailsMidUploadIsARequestAborted() {
    var failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };
    assertThrows(RequestAborted.class, () -> BoundedBody.read(failing, 10));
  }

  @Test
  void utf8TextIsDecodedExactly() {
    String text = "grüße, 😀 \u0000 end";
    assertEquals(text, BoundedBody.utf8(text.getBytes(StandardCharsets.UTF_8), "body"));
    assertEquals("", BoundedBody.utf8(new byte[0], "body"));
  }

  @Test
  void bytesThatAreNotUtf8AreRejectedUnderTheFieldGiven() {
    byte[][] invalid = {
      {(byte) 0xff},
      {'a', (byte) 0xfe, 'b'},
      {(byte) 0xc3}, // a truncated two-byte sequence
      {(byte) 0xc0, (byte) 0xaf}, // an overlong '/'
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // a UTF-16 surrogate
      {(byte) 0x80}, // a lone continuation byte
    };
    for (byte[] bytes : invalid) {
      InvalidParameter bad =
          assertThrows(
              InvalidParameter.class,
              () -> BoundedBody.utf8(bytes, "0.body"),
              Arrays.toString(bytes));
      assertEquals(Set.of("0.body"), bad.errors().keySet());
    }
  }
}

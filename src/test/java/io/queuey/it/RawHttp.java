package io.queuey.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One kept-alive TCP connection to the server, speaking HTTP/1.1 by hand: requests go out exactly
 * as written (broken ones too), and answers are read one by one, so a test sees every response the
 * server really sent on the connection, and whether it closed it.
 */
final class RawHttp implements AutoCloseable {

  /** One response as it came off the wire. */
  record Response(int status, Map<String, String> headers, String body) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body;
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttp(URI base, int readTimeoutMillis) throws IOException {
    this(base, readTimeoutMillis, 0);
  }

  /** From {@code localPort} (0: one the system picks), as a client reusing its port would. */
  RawHttp(URI base, int readTimeoutMillis, int localPort) throws IOException {
    socket = new Socket();
    socket.setReuseAddress(true);
    socket.bind(new java.net.InetSocketAddress(localPort));
    socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
    socket.setSoTimeout(readTimeoutMillis);
    in = new java.io.BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  int localPort() {
    return socket.getLocalPort();
  }

  void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next response; fails if the connection closes or stays silent first. */
  Response read() throws IOException {
    return read(false);
  }

  /** The next response, to a HEAD if {@code head} (which has no body whatever its headers). */
  Response read(boolean head) throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("the connection was closed before a response");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[0-9]{3}")) {
      throw new IOException("not a status line, the connection is out of step: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    var headers = new LinkedHashMap<String, String>();
    for (String header = line(); header != null && !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    byte[] body;
    if (head || status == 204 || status == 304 || status < 200) {
      body = new byte[0];
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      var chunks = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line().trim(), 16); size > 0; ) {
        chunks.write(in.readNBytes(size));
        line();
        size = Integer.parseInt(line().trim(), 16);
      }
      line();
      body = chunks.toByteArray();
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = new byte[0];
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /**
   * True when nothing more arrives: the server closed the connection or sent nothing within the
   * read timeout. False when another response (or any byte) follows.
   */
  boolean nothingMore() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException silent) {
      return true;
    } catch (IOException reset) {
      return true;
    }
  }

  /** True when the server closed the connection (within the read timeout). */
  boolean closed() {
    try {
      return in.read() == -1;
    } catch (IOException resetOrSilent) {
      return resetOrSilent instanceof java.net.SocketException;
    }
  }

  private String line() throws IOException {
    var bytes = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      bytes.write(b);
    }
    return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

package io.queuey.platform.boundary;

import io.queuey.observability.boundary.RequestObserver;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.logging.Logger;

/**
 * A client that goes away while its answer is written is no failure of the server: once writing to
 * the connection fails, the rest of the answer is dropped and the fact logged at FINE. Without it,
 * Jersey logs each such write at SEVERE with a stack trace, and the close that follows once more
 * (the answer is committed by then, so no exception mapper is asked). Every entity goes out through
 * this stream; what is dropped is bounded as answers are ({@code queuey.read.max-response-bytes}).
 * The request is marked ({@link RequestObserver#CLIENT_GONE}), so that its line in the request log
 * says that its client went away.
 */
@Provider
public class ClientDisconnects implements WriterInterceptor {

  private static final Logger LOG = Logger.getLogger(ClientDisconnects.class.getName());

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    context.setOutputStream(new ToClient(context.getOutputStream(), context));
    context.proceed();
  }

  /** The response stream; every failure of it is the connection's, so the client's side. */
  private static final class ToClient extends OutputStream {

    private final OutputStream connection;
    private final WriterInterceptorContext request;
    private boolean gone;

    ToClient(OutputStream connection, WriterInterceptorContext request) {
      this.connection = connection;
      this.request = request;
    }

    @Override
    public void write(int b) {
      if (!gone) {
        try {
          connection.write(b);
        } catch (IOException | UncheckedIOException failed) {
          gone(failed);
        }
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      if (!gone) {
        try {
          connection.write(bytes, offset, length);
        } catch (IOException | UncheckedIOException failed) {
          gone(failed);
        }
      }
    }

    @Override
    public void flush() {
      if (!gone) {
        try {
          connection.flush();
        } catch (IOException | UncheckedIOException failed) {
          gone(failed);
        }
      }
    }

    @Override
    public void close() {
      try {
        connection.close();
      } catch (IOException | UncheckedIOException failed) {
        if (!gone) {
          gone(failed);
        }
      }
    }

    private void gone(Exception failed) {
      gone = true;
      // A property of the request: on both servers one of the servlet request's attributes.
      request.setProperty(RequestObserver.CLIENT_GONE, Boolean.TRUE);
      LOG.fine(() -> "The client went away while its answer was written: " + failed);
    }
  }
}

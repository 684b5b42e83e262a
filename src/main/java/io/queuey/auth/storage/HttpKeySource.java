package io.queuey.auth.storage;

import io.queuey.auth.control.KeySource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issuers' documents over HTTP(S), with bounded time and size: a slow or huge answer must not tie
 * up the requests waiting for the keys. Redirects are followed, but never from HTTPS to HTTP.
 */
@ApplicationScoped
public class HttpKeySource implements KeySource {

  @Inject
  @ConfigProperty(name = "queuey.auth.http-timeout-ms", defaultValue = "5000")
  int timeoutMs;

  @Inject
  @ConfigProperty(name = "queuey.auth.max-jwks-bytes", defaultValue = "1048576")
  int maxBytes;

  private volatile HttpClient client;

  private HttpClient client() {
    HttpClient current = client;
    if (current == null) {
      synchronized (this) {
        if (client == null) {
          client =
              HttpClient.newBuilder()
                  .connectTimeout(Duration.ofMillis(timeoutMs))
                  .followRedirects(HttpClient.Redirect.NORMAL)
                  .build();
        }
        current = client;
      }
    }
    return current;
  }

  /**
   * The whole exchange, body included, is bounded by twice the timeout (the request's own timeout
   * ends at the response headers): a server that trickles its answer cannot hold the caller.
   */
  @Override
  public String fetch(URI uri) throws IOException {
    var request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMillis(timeoutMs))
            .header("Accept", "application/json, application/jwk-set+json")
            .GET()
            .build();
    var answer =
        client()
            .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
            .thenApply(response -> read(uri, response));
    try {
      return answer.get(2L * timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException slow) {
      answer.cancel(true);
      throw new IOException(uri + " did not answer within " + 2L * timeoutMs + " ms", slow);
    } catch (ExecutionException failed) {
      Throwable cause =
          failed.getCause() instanceof UncheckedIOException unchecked
              ? unchecked.getCause()
              : failed.getCause();
      throw cause instanceof IOException io ? io : new IOException(uri + ": " + cause, cause);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + uri, interrupted);
    }
  }

  private String read(URI uri, HttpResponse<InputStream> response) {
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException(uri + " answered " + response.statusCode());
      }
      byte[] bytes = body.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new IOException(uri + " answered more than " + maxBytes + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

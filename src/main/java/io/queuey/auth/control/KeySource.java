package io.queuey.auth.control;

import java.io.IOException;
import java.net.URI;

/** Fetches a document of an issuer (its JWKS or discovery document): the port to the network. */
public interface KeySource {

  /**
   * The body of {@code GET uri}; an {@link IOException} if it cannot be had in time, is not a 200,
   * or is too large.
   */
  String fetch(URI uri) throws IOException;
}

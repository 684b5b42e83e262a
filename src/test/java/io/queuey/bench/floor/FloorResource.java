package io.queuey.bench.floor;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixed JSON answer of exactly {@code bytes} bytes, to a GET or to a POST of any body (read and
 * discarded, as a server must read it): the same request and response sizes as the Queuey call it
 * is the floor of, without any of Queuey's work.
 */
@Path("bytes/{bytes}")
public class FloorResource {

  /** The answers by size, built once: the benchmark asks for a handful of sizes. */
  private static final ConcurrentHashMap<Integer, String> ANSWERS = new ConcurrentHashMap<>();

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String get(@PathParam("bytes") int bytes) {
    return answer(bytes);
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response post(@PathParam("bytes") int bytes, byte[] ignored) {
    return Response.status(Response.Status.CREATED).entity(answer(bytes)).build();
  }

  static String answer(int bytes) {
    return ANSWERS.computeIfAbsent(bytes, FloorResource::json);
  }

  /** {@code {"status": "ok", "padding": "xxx…"}}, padded to the size (at least the frame). */
  private static String json(int bytes) {
    String frame = "{\"status\": \"ok\", \"padding\": \"\"}";
    return frame.substring(0, frame.length() - 2)
        + "x".repeat(Math.max(0, bytes - frame.length()))
        + "\"}";
  }
}

package io.queuey.stats.boundary;

import static io.queuey.platform.boundary.QueueyApplication.APPLICATION_KEY;
import static io.queuey.platform.boundary.Responses.ok;

import io.queuey.auth.boundary.ApplicationKeyFilter;
import io.queuey.queues.control.QueueAccess;
import io.queuey.queues.control.QueueService;
import io.queuey.queues.entity.Queue;
import io.queuey.stats.control.TrafficRates;
import io.queuey.stats.entity.Interval;
import io.queuey.stats.entity.QueueTraffic;
import io.queuey.stats.entity.Traffic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The traffic of a queue and of an application, for charts (the console's): messages posted and
 * read per ten seconds over the last five minutes, as counted by the instance that answers. The
 * application's call is {@code ~stats}: a queue name cannot hold {@code ~}, so it names no queue.
 */
@Path("v1")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "stats", description = "Traffic of queues and applications")
public class StatsResource {

  /** The most queues an application's stats list. */
  static final int MOST_QUEUES = 100;

  private static final String JSON = MediaType.APPLICATION_JSON;

  @Inject QueueService queues;
  @Inject TrafficRates rates;

  /** The request being served (a proxy to it: this resource serves every request). */
  @Context HttpServletRequest httpRequest;

  @GET
  @Path("{application}/{queue}/stats")
  @Operation(
      operationId = "queueStats",
      summary = "A queue's traffic",
      description =
          "Messages posted and read (reads, fetches and group claims) per 10 s over the last 5"
              + " minutes, and per second over the last complete minute, as counted by the"
              + " instance that answers. Who may: whoever may read the queue's messages.")
  @SecurityRequirementsSet
  @SecurityRequirementsSet(@SecurityRequirement(name = APPLICATION_KEY))
  @APIResponse(
      responseCode = "200",
      description = "The queue's traffic",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "QueueStats")))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Map<String, Object> ofQueue(
      @Parameter(description = "The application's name", required = true) @PathParam("application")
          String application,
      @Parameter(
              description = "The queue's name",
              required = true,
              schema = @Schema(ref = "QueueName"))
          @PathParam("queue")
          String queueName) {
    Queue queue = queues.require(application, queueName);
    QueueAccess.requireReader(ApplicationKeyFilter.caller(httpRequest), queue);
    var json = new LinkedHashMap<String, Object>();
    json.put("queue_name", queue.name().value());
    json.putAll(trafficJson(rates.ofQueue(application, queue.name().value())));
    return ok(json);
  }

  @GET
  @Path("{application}/~stats")
  @Operation(
      operationId = "applicationStats",
      summary = "An application's traffic, and its busiest queues",
      description =
          "As a queue's stats, summed over all the application's queues, with the queues that"
              + " had traffic in the window (busiest first, at most 100). Who may: the"
              + " application.")
  @SecurityRequirement(name = APPLICATION_KEY)
  @APIResponse(
      responseCode = "200",
      description = "The application's traffic",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "ApplicationStats")))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Map<String, Object> ofApplication(
      @Parameter(description = "The application's name", required = true) @PathParam("application")
          String application) {
    queues.requireOwner(ApplicationKeyFilter.caller(httpRequest), application);
    var json = new LinkedHashMap<String, Object>();
    json.put("application", application);
    json.putAll(trafficJson(rates.ofApplication(application)));
    var busiest = new ArrayList<Map<String, Object>>();
    for (QueueTraffic queue : rates.busiestQueues(application, MOST_QUEUES)) {
      var entry = new LinkedHashMap<String, Object>();
      entry.put("queue_name", queue.queueName());
      entry.put("posted_per_second", queue.traffic().postedPerSecond());
      entry.put("read_per_second", queue.traffic().readPerSecond());
      entry.put("posted", queue.traffic().posted());
      entry.put("read", queue.traffic().read());
      busiest.add(entry);
    }
    json.put("queues", busiest);
    return ok(json);
  }

  private static Map<String, Object> trafficJson(Traffic traffic) {
    var json = new LinkedHashMap<String, Object>();
    json.put("interval_seconds", TrafficRates.INTERVAL_SECONDS);
    json.put("window_seconds", TrafficRates.WINDOW_SECONDS);
    json.put("posted_per_second", traffic.postedPerSecond());
    json.put("read_per_second", traffic.readPerSecond());
    List<Map<String, Object>> series = new ArrayList<>(traffic.intervals().size());
    for (Interval interval : traffic.intervals()) {
      var entry = new LinkedHashMap<String, Object>();
      entry.put("time", interval.startSecond());
      entry.put("posted", interval.posted());
      entry.put("read", interval.read());
      series.add(entry);
    }
    json.put("series", series);
    return json;
  }
}

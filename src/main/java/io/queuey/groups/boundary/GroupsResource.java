package io.queuey.groups.boundary;

import static io.queuey.platform.boundary.Responses.ok;

import io.queuey.auth.boundary.ApplicationKeyFilter;
import io.queuey.auth.entity.Caller;
import io.queuey.groups.control.DeliveryService;
import io.queuey.groups.control.GroupService;
import io.queuey.groups.entity.Delivery;
import io.queuey.groups.entity.Group;
import io.queuey.groups.entity.GroupStats;
import io.queuey.groups.entity.Settled;
import io.queuey.platform.Limits;
import io.queuey.platform.boundary.BoundedBody;
import io.queuey.platform.boundary.FormOrJson;
import io.queuey.platform.boundary.Responders;
import io.queuey.queues.control.QueueService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /v1/{application}/{queue}/groups...}: consumer groups (API.md, Consumer groups). Every
 * call is asynchronous: a claim that waits (long poll) holds no thread, its response is resumed
 * when the claim completes. Not in the OpenAPI document yet (the v1 document lists the original
 * calls only).
 */
@Path("v1/{application}/{queue}/groups")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class GroupsResource {

  private static final String GROUP = "{group}";

  @Inject GroupService groups;
  @Inject DeliveryService deliveries;
  @Inject QueueService queues;
  @Inject Limits limits;
  @Inject Responders responders;

  /** The request being served (a proxy to it: this resource serves every request). */
  @Context HttpServletRequest httpRequest;

  @POST
  @Operation(hidden = true)
  public CompletionStage<Response> create(
      @PathParam("application") String application,
      @PathParam("queue") String queue,
      @Context HttpHeaders headers,
      InputStream body) {
    var change = GroupParameters.change(fields(headers, body, null));
    return respond(
        groups
            .create(caller(), application, queue, change)
            .thenApply(
                group ->
                    Response.status(Response.Status.CREATED).entity(ok(groupJson(group))).build()));
  }

  @GET
  @Operation(hidden = true)
  public CompletionStage<Map<String, Object>> list(
      @PathParam("application") String application, @PathParam("queue") String queue) {
    return respond(
        groups
            .list(caller(), application, queue)
            .thenApply(
                all -> ok(Map.of("groups", all.stream().map(GroupsResource::groupJson).toList()))));
  }

  @GET
  @Path(GROUP)
  @Operation(hidden = true)
  public CompletionStage<Map<String, Object>> one(
      @PathParam("application") String application,
      @PathParam("queue") String queue,
      @PathParam("group") String group) {
    var found = groups.find(caller(), application, queue, group);
    // Looked up here, on the request thread: the queue lookup blocks.
    var ofGroup = queues.require(application, queue);
    return respond(
        found.thenCompose(
            g ->
                deliveries
                    .stats(ofGroup, g)
                    .thenApply(
                        stats -> {
                          var json = groupJson(g);
                          json.put("stats", statsJson(stats));
                          return ok(json);
                        })));
  }

  @PUT
  @Path(GROUP)
  @Operation(hidden = true)
  public CompletionStage<Map<String, Object>> update(
      @PathParam("application") String application,
      @PathParam("queue") String queue,
      @PathParam("group") String group,
      @Context HttpHeaders headers,
      InputStream body) {
    var change = GroupParameters.change(fields(headers, body, null));
    return respond(
        groups
            .update(caller(), application, queue, group, change)
            .thenApply(updated -> ok(groupJson(updated))));
  }

  @DELETE
  @Path(GROUP)
  @Operation(hidden = true)
  public CompletionStage<Map<String, Object>> delete(
      @PathParam("application") String application,
      @PathParam("queue") String queue,
      @PathParam("group") String group) {
    return respond(
        groups.delete(caller(), application, queue, group).thenApply(done -> ok(Map.of())));
  }

  @POST
  @Path(GROUP + "/claim")
  @Operation(hidden = true)
  public CompletionStage<Map<String, Object>> claim(
      @PathParam("application") String application,
      @PathParam("queue") String queue,
      @PathParam("group") String group,
      @Context HttpHeaders headers,
      @Context UriInfo uri,
      InputStream body) {
    var request = GroupParameters.claim(fields(headers, body, uri));
    return respond(
        deliveries
            .claim(caller(), application, queue, group, request)
            .thenApply(
                delivered ->
                    ok(
                        Map.of(
                            "messages",
                            delivered.stream().map(GroupsResource::deliveryJson).toList()))));
  }

  @POST
  @Path(GROUP + "/ack")
  @Operation(hidden = true)
  public CompletionStage<Map<String, Object>> ack(
      @PathParam("application") String application,
      @PathParam("queue") String queue,
      @PathParam("group") String group,
      @Context HttpHeaders headers,
      @Context UriInfo uri,
      InputStream body) {
    var fields = fields(headers, body, uri);
    var receipts = GroupParameters.receipts(fields);
    return respond(
        deliveries
            .ack(caller(), application, queue, group, receipts)
            .thenApply(GroupsResource::settledJson));
  }

  @POST
  @Path(GROUP + "/release")
  @Operation(hidden = true)
  public CompletionStage<Map<String, Object>> release(
      @PathParam("application") String application,
      @PathParam("queue") String queue,
      @PathParam("group") String group,
      @Context HttpHeaders headers,
      @Context UriInfo uri,
      InputStream body) {
    var fields = fields(headers, body, uri);
    var receipts = GroupParameters.receipts(fields);
    int delay = GroupParameters.delay(fields);
    return respond(
        deliveries
            .release(caller(), application, queue, group, receipts, delay)
            .thenApply(GroupsResource::settledJson));
  }

  @POST
  @Path(GROUP + "/extend")
  @Operation(hidden = true)
  public CompletionStage<Map<String, Object>> extend(
      @PathParam("application") String application,
      @PathParam("queue") String queue,
      @PathParam("group") String group,
      @Context HttpHeaders headers,
      @Context UriInfo uri,
      InputStream body) {
    var fields = fields(headers, body, uri);
    var receipts = GroupParameters.receipts(fields);
    var visibility = GroupParameters.visibilityOf(fields);
    return respond(
        deliveries
            .extend(caller(), application, queue, group, receipts, visibility)
            .thenApply(GroupsResource::settledJson));
  }

  @POST
  @Path(GROUP + "/seek")
  @Operation(hidden = true)
  public CompletionStage<Map<String, Object>> seek(
      @PathParam("application") String application,
      @PathParam("queue") String queue,
      @PathParam("group") String group,
      @Context HttpHeaders headers,
      @Context UriInfo uri,
      InputStream body) {
    var position = GroupParameters.seek(fields(headers, body, uri));
    return respond(
        deliveries
            .seek(caller(), application, queue, group, position)
            .thenApply(done -> ok(Map.of())));
  }

  /** The body's fields (form or JSON), over the query's when {@code uri} is given. */
  private Map<String, String> fields(HttpHeaders headers, InputStream body, UriInfo uri) {
    byte[] bytes = BoundedBody.read(body, limits.maxRequestBytes());
    var fields = new HashMap<String, String>();
    if (uri != null) {
      uri.getQueryParameters().forEach((name, values) -> fields.put(name, values.get(0)));
    }
    fields.putAll(FormOrJson.parse(headers.getMediaType(), BoundedBody.utf8(bytes, "body")));
    return fields;
  }

  private <T> CompletionStage<T> respond(CompletionStage<T> answer) {
    return responders.offDriverThreads(answer);
  }

  static LinkedHashMap<String, Object> groupJson(Group group) {
    var json = new LinkedHashMap<String, Object>();
    json.put("group_name", group.name().value());
    json.put("mode", group.mode().wire());
    json.put("visibility", group.visibilitySeconds());
    json.put("max_deliveries", group.maxDeliveries());
    json.put("dead_letter_queue", group.deadLetterQueue().map(Object::toString).orElse(null));
    json.put("ordered", group.ordered());
    json.put("created", group.created().getEpochSecond());
    return json;
  }

  private static Map<String, Object> statsJson(GroupStats stats) {
    var json = new LinkedHashMap<String, Object>();
    json.put("in_flight", stats.inFlight());
    json.put("dead", stats.dead());
    json.put("oldest_unacked_age", stats.oldestUnackedAge().orElse(null));
    json.put("lag_seconds", stats.lagSeconds().orElse(null));
    return json;
  }

  private static Map<String, Object> deliveryJson(Delivery delivery) {
    var json = new LinkedHashMap<String, Object>();
    json.put("message_id", delivery.message().id().hex());
    json.put("timestamp", delivery.message().timestamp().wire());
    json.put("body", delivery.message().body());
    json.put("partition", delivery.message().partition().number());
    json.put("receipt", delivery.receipt().map(r -> r.wire()).orElse(null));
    json.put("deliveries", delivery.deliveries());
    json.put(
        "lease_expires",
        io.queuey.messages.entity.Timestamp.ofInstant(delivery.leaseExpires()).wire());
    return json;
  }

  private static Map<String, Object> settledJson(Settled settled) {
    return ok(Map.of("done", settled.done(), "failed", settled.failed()));
  }

  private Caller caller() {
    return ApplicationKeyFilter.caller(httpRequest);
  }
}

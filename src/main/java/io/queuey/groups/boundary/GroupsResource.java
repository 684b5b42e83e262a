package io.queuey.groups.boundary;

import static io.queuey.platform.boundary.QueueyApplication.APPLICATION_KEY;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/{application}/{queue}/groups...}: consumer groups (API.md, Consumer groups). Every
 * call is asynchronous: a claim that waits (long poll) holds no thread, its response is resumed
 * when the claim completes. The JSON shapes of the OpenAPI document are in META-INF/openapi.yaml.
 */
@Path("v1/{application}/{queue}/groups")
@Tag(name = "groups", description = "Consumer groups: claiming and acknowledging (extension)")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class GroupsResource {

  private static final String GROUP = "{group}";
  private static final String JSON = MediaType.APPLICATION_JSON;
  private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;

  @Inject GroupService groups;
  @Inject DeliveryService deliveries;
  @Inject QueueService queues;
  @Inject Limits limits;
  @Inject Responders responders;

  /** The request being served (a proxy to it: this resource serves every request). */
  @Context HttpServletRequest httpRequest;

  @POST
  @Operation(
      operationId = "createGroup",
      summary = "Create a consumer group",
      description =
          "A named, server-side reader of the queue that hands each message out according to its"
              + " mode; start says where it begins.")
  @SecurityRequirement(name = APPLICATION_KEY)
  @RequestBody(
      description = "The group's settings",
      content = {
        @Content(mediaType = FORM, schema = @Schema(ref = "GroupSettings")),
        @Content(mediaType = JSON, schema = @Schema(ref = "GroupSettings"))
      })
  @APIResponse(
      responseCode = "201",
      description = "The group was created",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "Group")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "503", ref = "Unavailable")
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
  @Operation(operationId = "listGroups", summary = "List the queue's consumer groups")
  @SecurityRequirement(name = APPLICATION_KEY)
  @APIResponse(
      responseCode = "200",
      description = "The groups' settings",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "GroupList")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
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
  @Operation(
      operationId = "getGroup",
      summary = "One consumer group, with its stats",
      description = "Unknown group: 404 InvalidGroupName.")
  @SecurityRequirement(name = APPLICATION_KEY)
  @APIResponse(
      responseCode = "200",
      description = "The group's settings and stats",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "GroupWithStats")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
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
  @Operation(
      operationId = "updateGroup",
      summary = "Change a group's visibility, max_deliveries or dead_letter_queue",
      description = "mode may not change (400 mode).")
  @SecurityRequirement(name = APPLICATION_KEY)
  @RequestBody(
      description = "The settings to change",
      content = {
        @Content(mediaType = FORM, schema = @Schema(ref = "GroupSettings")),
        @Content(mediaType = JSON, schema = @Schema(ref = "GroupSettings"))
      })
  @APIResponse(
      responseCode = "200",
      description = "The group's settings",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "Group")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "503", ref = "Unavailable")
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
  @Operation(operationId = "deleteGroup", summary = "Delete a group and forget its state")
  @SecurityRequirement(name = APPLICATION_KEY)
  @APIResponse(
      responseCode = "200",
      description = "The group was deleted",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "Ok")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public CompletionStage<Map<String, Object>> delete(
      @PathParam("application") String application,
      @PathParam("queue") String queue,
      @PathParam("group") String group) {
    return respond(
        groups.delete(caller(), application, queue, group).thenApply(done -> ok(Map.of())));
  }

  @POST
  @Path(GROUP + "/claim")
  @Operation(
      operationId = "claimMessages",
      summary = "Receive messages (long polling with wait)",
      description =
          "Up to max messages, in id order within a partition; with wait, the call waits up to"
              + " that long for a claimable message. Parameters in the query, form or JSON.")
  @SecurityRequirement(name = APPLICATION_KEY)
  @RequestBody(
      description = "What to claim (all optional; also as query parameters)",
      content = {
        @Content(mediaType = FORM, schema = @Schema(ref = "ClaimParameters")),
        @Content(mediaType = JSON, schema = @Schema(ref = "ClaimParameters"))
      })
  @APIResponse(
      responseCode = "200",
      description = "The messages handed out (an empty list when none was claimable)",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "ClaimedMessages")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "503", ref = "Unavailable")
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
  @Operation(
      operationId = "ackMessages",
      summary = "Acknowledge messages by receipt",
      description = "In at_most_once groups a 400 mode.")
  @SecurityRequirement(name = APPLICATION_KEY)
  @RequestBody(
      description = "The receipts",
      content = {
        @Content(mediaType = FORM, schema = @Schema(ref = "Receipts")),
        @Content(mediaType = JSON, schema = @Schema(ref = "Receipts"))
      })
  @APIResponse(
      responseCode = "200",
      description = "Which receipts took effect",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "Settled")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "503", ref = "Unavailable")
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
  @Operation(
      operationId = "releaseMessages",
      summary = "Hand messages back, claimable again after delay",
      description = "In at_most_once groups a 400 mode.")
  @SecurityRequirement(name = APPLICATION_KEY)
  @RequestBody(
      description = "The receipts and the delay",
      content = {
        @Content(mediaType = FORM, schema = @Schema(ref = "Receipts")),
        @Content(mediaType = JSON, schema = @Schema(ref = "Receipts"))
      })
  @APIResponse(
      responseCode = "200",
      description = "Which receipts took effect",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "Settled")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "503", ref = "Unavailable")
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
  @Operation(
      operationId = "extendLeases",
      summary = "Extend leases to visibility seconds from now",
      description =
          "A lease never lasts longer than 12 hours in all. In at_most_once groups a 400 mode.")
  @SecurityRequirement(name = APPLICATION_KEY)
  @RequestBody(
      description = "The receipts and the new visibility",
      content = {
        @Content(mediaType = FORM, schema = @Schema(ref = "Receipts")),
        @Content(mediaType = JSON, schema = @Schema(ref = "Receipts"))
      })
  @APIResponse(
      responseCode = "200",
      description = "Which receipts took effect",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "Settled")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "503", ref = "Unavailable")
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
  @Operation(
      operationId = "seekGroup",
      summary = "Move the group to a timestamp, an id, earliest or latest",
      description =
          "Messages from there on are handed out as if none had been; older receipts become stale.")
  @SecurityRequirement(name = APPLICATION_KEY)
  @RequestBody(
      description = "Where to go: since or position",
      content = {
        @Content(mediaType = FORM, schema = @Schema(ref = "SeekParameters")),
        @Content(mediaType = JSON, schema = @Schema(ref = "SeekParameters"))
      })
  @APIResponse(
      responseCode = "200",
      description = "The group moved",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "Ok")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "503", ref = "Unavailable")
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

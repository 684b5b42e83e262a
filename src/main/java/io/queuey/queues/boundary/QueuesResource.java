package io.queuey.queues.boundary;

import static io.queuey.platform.boundary.QueueyApplication.APPLICATION_KEY;
import static io.queuey.platform.boundary.Responses.ok;

import io.queuey.auth.boundary.ApplicationKeyFilter;
import io.queuey.auth.entity.Caller;
import io.queuey.auth.entity.Principal;
import io.queuey.errors.InvalidParameter;
import io.queuey.observability.control.QueueyMetrics;
import io.queuey.platform.Booleans;
import io.queuey.platform.Limit;
import io.queuey.platform.Limits;
import io.queuey.platform.Validation;
import io.queuey.platform.boundary.BoundedBody;
import io.queuey.platform.boundary.FormOrJson;
import io.queuey.queues.control.QueueService;
import io.queuey.queues.entity.Consistency;
import io.queuey.queues.entity.Queue;
import io.queuey.queues.entity.QueueName;
import io.queuey.queues.entity.QueueSettings;
import io.queuey.queues.entity.QueueType;
import io.queuey.queues.entity.SettingsChange;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Encoding;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v1/{application}} and {@code /v1/{application}/{queue}}: queue management. */
@Path("v1")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "queues", description = "Queue management")
public class QueuesResource {

  private static final int DEFAULT_LIMIT = 100;
  private static final String JSON = MediaType.APPLICATION_JSON;
  private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;
  private static final String APPLICATION = "The application's name";
  private static final String QUEUE = "The queue's name";

  @Inject QueueService queues;
  @Inject QueueyMetrics metrics;
  @Inject Limits limits;

  /** The request being served (a proxy to it: this resource serves every request). */
  @Context HttpServletRequest httpRequest;

  @GET
  @Path("{application}")
  @Operation(
      operationId = "listQueues",
      summary = "List the application's queues",
      description =
          "A page of queue names in an unspecified but stable order: pass the last name seen as"
              + " offset for the next page.")
  @SecurityRequirement(name = APPLICATION_KEY)
  @APIResponse(
      responseCode = "200",
      description = "The queues",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "QueueList")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Map<String, Object> list(
      @Parameter(description = APPLICATION, required = true) @PathParam("application")
          String application,
      @Parameter(description = "Most queues to answer", schema = @Schema(ref = "Limit"))
          @QueryParam("limit")
          String limitParam,
      @Parameter(
              description = "The queue name to start at (inclusive)",
              schema = @Schema(ref = "QueueName"))
          @QueryParam("offset")
          String offsetParam,
      @Parameter(
              description = "Answer each queue's settings, created and application too",
              schema = @Schema(ref = "Flag"))
          @QueryParam("details")
          String detailsParam,
      @Parameter(
              description = "Answer each queue's message count (over all partitions; costly)",
              schema = @Schema(ref = "Flag"))
          @QueryParam("include_count")
          String includeCountParam) {
    var validation = new Validation();
    int limit =
        validation
            .optional(limitParam, text -> Limit.parse("limit", text, DEFAULT_LIMIT))
            .map(Limit::value)
            .orElse(DEFAULT_LIMIT);
    Optional<QueueName> offset =
        validation.optional(
            offsetParam,
            text ->
                QueueName.tryParse(text)
                    .orElseThrow(
                        () -> new InvalidParameter("offset", "offset must be a queue name.")));
    boolean details =
        validation
            .optional(detailsParam, text -> Booleans.parseBoolean("details", text))
            .orElse(false);
    boolean includeCount =
        validation
            .optional(includeCountParam, text -> Booleans.parseBoolean("include_count", text))
            .orElse(false);
    validation.throwIfInvalid();

    List<Queue> page = queues.list(caller(), application, offset, limit);
    List<Long> counts = includeCount ? queues.counts(page) : List.of();
    var entries = new ArrayList<Map<String, Object>>(page.size());
    for (int i = 0; i < page.size(); i++) {
      Queue queue = page.get(i);
      var entry = new LinkedHashMap<String, Object>();
      entry.put("queue_name", queue.name().value());
      if (details) {
        entry.putAll(settingsJson(queue.settings()));
        entry.put("created", queue.created().getEpochSecond());
        entry.put("application", queue.application());
      }
      if (includeCount) {
        entry.put("count", counts.get(i));
      }
      entries.add(entry);
    }
    return ok(Map.of("queues", entries));
  }

  @POST
  @Path("{application}")
  @Operation(
      operationId = "createQueue",
      summary = "Create a queue",
      description = "Every setting is optional; without queue_name the name is a random UUID4.")
  @SecurityRequirement(name = APPLICATION_KEY)
  @RequestBody(
      description = "The queue's settings",
      content = {
        @Content(
            mediaType = FORM,
            schema = @Schema(ref = "QueueSettings"),
            encoding = @Encoding(name = "principles", style = "form", explode = false)),
        @Content(mediaType = JSON, schema = @Schema(ref = "QueueSettings"))
      })
  @APIResponse(
      responseCode = "201",
      description = "The queue was created",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "Queue")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Response create(
      @Parameter(description = APPLICATION, required = true) @PathParam("application")
          String application,
      @Context HttpHeaders headers,
      InputStream body) {
    Map<String, String> params = parameters(headers, body);
    var validation = new Validation();
    Optional<QueueName> name = validation.optional(params.get("queue_name"), QueueName::parse);
    SettingsChange settings = settingsChange(params, validation);
    validation.throwIfInvalid();

    Queue queue = queues.create(caller(), application, name, settings);
    metrics.queueCreated(application);
    var json = new LinkedHashMap<String, Object>();
    json.put("queue_name", queue.name().value());
    json.putAll(settingsJson(queue.settings()));
    return Response.status(Response.Status.CREATED).entity(ok(json)).build();
  }

  @PUT
  @Path("{application}/{queue}")
  @Operation(
      operationId = "updateQueue",
      summary = "Update a queue",
      description =
          "partitions may only grow; type, consistency and principles replace the stored ones.")
  @SecurityRequirement(name = APPLICATION_KEY)
  @RequestBody(
      description = "The settings to change",
      content = {
        @Content(
            mediaType = FORM,
            schema = @Schema(ref = "QueueSettings"),
            encoding = @Encoding(name = "principles", style = "form", explode = false)),
        @Content(mediaType = JSON, schema = @Schema(ref = "QueueSettings"))
      })
  @APIResponse(
      responseCode = "200",
      description = "The queue's full settings",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "Queue")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Map<String, Object> update(
      @Parameter(description = APPLICATION, required = true) @PathParam("application")
          String application,
      @Parameter(description = QUEUE, required = true, schema = @Schema(ref = "QueueName"))
          @PathParam("queue")
          String queueName,
      @Context HttpHeaders headers,
      InputStream body) {
    Map<String, String> params = parameters(headers, body);
    var validation = new Validation();
    SettingsChange change = settingsChange(params, validation);
    validation.throwIfInvalid();

    Queue queue = queues.update(caller(), application, queueName, change);
    var json = new LinkedHashMap<String, Object>();
    json.put("queue_name", queue.name().value());
    json.putAll(settingsJson(queue.settings()));
    json.put("created", queue.created().getEpochSecond());
    return ok(json);
  }

  @DELETE
  @Path("{application}/{queue}")
  @Operation(
      operationId = "deleteQueue",
      summary = "Delete a queue",
      description = "Removes the queue, its partitions and all its messages.")
  @SecurityRequirement(name = APPLICATION_KEY)
  @APIResponse(
      responseCode = "200",
      description = "The queue was deleted",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "Ok")))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Map<String, Object> delete(
      @Parameter(description = APPLICATION, required = true) @PathParam("application")
          String application,
      @Parameter(description = QUEUE, required = true, schema = @Schema(ref = "QueueName"))
          @PathParam("queue")
          String queueName) {
    queues.delete(caller(), application, queueName);
    metrics.queueDeleted(application);
    return ok(Map.of());
  }

  /**
   * The form or JSON parameters of a body read within {@code queuey.limits.max-request-bytes}: a
   * {@code String} entity would have been read whole, however large (API.md: over the limit is a
   * 413 for every call).
   */
  private Map<String, String> parameters(HttpHeaders headers, InputStream body) {
    byte[] bytes = BoundedBody.read(body, limits.maxRequestBytes());
    return FormOrJson.parse(headers.getMediaType(), BoundedBody.utf8(bytes, "body"));
  }

  private static SettingsChange settingsChange(Map<String, String> params, Validation validation) {
    return new SettingsChange(
        validation.optional(params.get("partitions"), QueueSettings::parsePartitions),
        validation.optional(params.get("type"), QueueType::parse),
        validation.optional(params.get("consistency"), Consistency::parse),
        validation.optional(
            params.get("principles"), text -> Principal.parseList("principles", text)));
  }

  private static Map<String, Object> settingsJson(QueueSettings settings) {
    var json = new LinkedHashMap<String, Object>();
    json.put("partitions", settings.partitions());
    json.put("type", settings.type().wire());
    json.put("consistency", settings.consistency().wire());
    json.put("principles", settings.principles().stream().map(Principal::toString).toList());
    return json;
  }

  private Caller caller() {
    return ApplicationKeyFilter.caller(httpRequest);
  }
}

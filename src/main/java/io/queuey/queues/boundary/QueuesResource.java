package io.queuey.queues.boundary;

import static io.queuey.platform.boundary.Responses.ok;

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
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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

/** {@code /v1/{application}} and {@code /v1/{application}/{queue}}: queue management. */
@Path("v1")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class QueuesResource {

  private static final int DEFAULT_LIMIT = 100;

  @Inject QueueService queues;
  @Inject Caller caller;
  @Inject QueueyMetrics metrics;
  @Inject Limits limits;

  @GET
  @Path("{application}")
  public Map<String, Object> list(
      @PathParam("application") String application,
      @QueryParam("limit") String limitParam,
      @QueryParam("offset") String offsetParam,
      @QueryParam("details") String detailsParam,
      @QueryParam("include_count") String includeCountParam) {
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

    List<Queue> page = queues.list(caller, application, offset, limit);
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
  public Response create(
      @PathParam("application") String application,
      @Context HttpHeaders headers,
      InputStream body) {
    Map<String, String> params = parameters(headers, body);
    var validation = new Validation();
    Optional<QueueName> name = validation.optional(params.get("queue_name"), QueueName::parse);
    SettingsChange settings = settingsChange(params, validation);
    validation.throwIfInvalid();

    Queue queue = queues.create(caller, application, name, settings);
    metrics.queueCreated(application);
    var json = new LinkedHashMap<String, Object>();
    json.put("queue_name", queue.name().value());
    json.putAll(settingsJson(queue.settings()));
    return Response.status(Response.Status.CREATED).entity(ok(json)).build();
  }

  @PUT
  @Path("{application}/{queue}")
  public Map<String, Object> update(
      @PathParam("application") String application,
      @PathParam("queue") String queueName,
      @Context HttpHeaders headers,
      InputStream body) {
    Map<String, String> params = parameters(headers, body);
    var validation = new Validation();
    SettingsChange change = settingsChange(params, validation);
    validation.throwIfInvalid();

    Queue queue = queues.update(caller, application, queueName, change);
    var json = new LinkedHashMap<String, Object>();
    json.put("queue_name", queue.name().value());
    json.putAll(settingsJson(queue.settings()));
    json.put("created", queue.created().getEpochSecond());
    return ok(json);
  }

  @DELETE
  @Path("{application}/{queue}")
  public Map<String, Object> delete(
      @PathParam("application") String application, @PathParam("queue") String queueName) {
    queues.delete(caller, application, queueName);
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
}

package io.queuey.messages.boundary;

import static io.queuey.platform.boundary.QueueyApplication.APPLICATION_KEY;
import static io.queuey.platform.boundary.Responses.ok;

import io.queuey.auth.boundary.ApplicationKeyFilter;
import io.queuey.auth.entity.Caller;
import io.queuey.dedup.entity.IdempotencyKey;
import io.queuey.errors.InvalidParameter;
import io.queuey.errors.PayloadTooLarge;
import io.queuey.messages.control.MessageService;
import io.queuey.messages.entity.IncomingMessage;
import io.queuey.messages.entity.Message;
import io.queuey.messages.entity.MessageId;
import io.queuey.messages.entity.MessageRef;
import io.queuey.messages.entity.Order;
import io.queuey.messages.entity.Partition;
import io.queuey.messages.entity.PostedMessage;
import io.queuey.messages.entity.ReadQuery;
import io.queuey.messages.entity.Timestamp;
import io.queuey.messages.entity.Ttl;
import io.queuey.observability.control.QueueyMetrics;
import io.queuey.platform.Limit;
import io.queuey.platform.Limits;
import io.queuey.platform.Utf8;
import io.queuey.platform.Validation;
import io.queuey.platform.boundary.BoundedBody;
import io.queuey.platform.boundary.Responders;
import io.queuey.stats.control.TrafficRates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v1/{application}/{queue}} and {@code .../{ids}}: the messages of a queue. */
@Path("v1")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages", description = "Posting, reading and deleting messages")
public class MessagesResource {

  private static final int DEFAULT_READ_LIMIT = 100;
  private static final String QUEUE_PATH = "{application}/{queue}";
  private static final String IDS_PATH = "{application}/{queue}/{ids}";
  private static final String JSON = MediaType.APPLICATION_JSON;
  private static final String TEXT = "text/*";
  private static final String TTL = "Seconds to keep the message, 1..2^25 (default 3 days)";
  private static final String APPLICATION = "The application's name";
  private static final String QUEUE = "The queue's name";
  private static final String IDS = "Comma-separated message ids, each optionally prefixed 'N:'";

  @Inject MessageService messages;
  @Inject Limits limits;
  @Inject QueueyMetrics metrics;
  @Inject TrafficRates traffic;
  @Inject Responders responders;

  /** The request being served (a proxy to it: this resource serves every request). */
  @Context HttpServletRequest httpRequest;

  @POST
  @Path(QUEUE_PATH)
  @Operation(
      operationId = "postMessages",
      summary = "Post one message or a batch",
      description =
          "Any non-JSON body is one message (its Content-Type is recorded with it; X-TTL and"
              + " X-Partition apply). An application/json body is a batch, validated whole.")
  @SecurityRequirement(name = APPLICATION_KEY)
  @RequestBody(
      required = true,
      description = "One message (any text type) or a batch (application/json)",
      content = {
        @Content(mediaType = TEXT, schema = @Schema(ref = "MessageText")),
        @Content(mediaType = JSON, schema = @Schema(ref = "BatchPost"))
      })
  @APIResponse(
      responseCode = "201",
      description = "The messages were stored",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "PostedMessages")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public CompletionStage<Response> post(
      @Parameter(description = APPLICATION, required = true) @PathParam("application")
          String application,
      @Parameter(description = QUEUE, required = true, schema = @Schema(ref = "QueueName"))
          @PathParam("queue")
          String queue,
      @Context HttpHeaders headers,
      @Parameter(description = TTL + "; one message only", schema = @Schema(ref = "Ttl"))
          @HeaderParam("X-TTL")
          String ttlHeader,
      @Parameter(
              description = "The partition (default: a random one); one message only",
              schema = @Schema(ref = "PartitionNumber"))
          @HeaderParam("X-Partition")
          String partitionHeader,
      @Parameter(
              description = "Names this post: a repeat within the dedup window stores nothing",
              schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 128))
          @HeaderParam("Idempotency-Key")
          String idempotencyKeyHeader,
      InputStream body) {
    byte[] bytes = BoundedBody.read(body, limits.maxRequestBytes());
    MediaType type = headers.getMediaType();
    boolean batch = type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE);
    List<IncomingMessage> incoming =
        batch
            ? BatchBody.parse(BoundedBody.utf8(bytes, "body"), limits)
            : List.of(
                withKey(single(bytes, type, ttlHeader, partitionHeader), idempotencyKeyHeader));
    return offDriverThreads(messages.post(caller(), application, queue, incoming, batch))
        .whenComplete(
            (posted, failure) -> {
              if (posted != null) {
                metrics.messagesPosted(application, posted.size(), bytes.length);
                traffic.posted(application, queue, stored(posted));
              }
            })
        .thenApply(
            posted ->
                Response.status(Response.Status.CREATED)
                    .entity(new PostedListJson(posted))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .build());
  }

  @GET
  @Path(QUEUE_PATH)
  @Operation(
      operationId = "readMessages",
      summary = "Read (and re-read) messages",
      description =
          "Grouped by partition in the order asked for, each group in id order; limit applies per"
              + " partition. Expired messages are never returned.")
  @SecurityRequirementsSet
  @SecurityRequirementsSet(@SecurityRequirement(name = APPLICATION_KEY))
  @APIResponse(
      responseCode = "200",
      description = "The messages",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "MessageList")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public CompletionStage<Response> read(
      @Parameter(description = APPLICATION, required = true) @PathParam("application")
          String application,
      @Parameter(description = QUEUE, required = true, schema = @Schema(ref = "QueueName"))
          @PathParam("queue")
          String queue,
      @Parameter(description = "Where to start (inclusive)", schema = @Schema(ref = "Since"))
          @QueryParam("since")
          String sinceParam,
      @Parameter(description = "Most messages per partition", schema = @Schema(ref = "Limit"))
          @QueryParam("limit")
          String limitParam,
      @Parameter(
              description = "Id (time) order within each partition",
              schema = @Schema(ref = "Order"))
          @QueryParam("order")
          String orderParam,
      @Parameter(
              description = "The partitions to read, comma-separated (default 1)",
              style = ParameterStyle.FORM,
              explode = Explode.FALSE,
              schema = @Schema(ref = "PartitionList"))
          @QueryParam("partitions")
          String partitionsParam) {
    var validation = new Validation();
    Optional<MessageId> sinceId = Optional.empty();
    Optional<Timestamp> sinceTime = Optional.empty();
    // A timestamp may be 32 characters long too (e.g. "1795880147.1234567000000000000000"); an id
    // never has a decimal point, so only that tells them apart.
    if (sinceParam != null && sinceParam.length() == 32 && sinceParam.indexOf('.') < 0) {
      sinceId = validation.optional(sinceParam, text -> MessageId.parse("since", text));
    } else {
      sinceTime = validation.optional(sinceParam, text -> Timestamp.parse("since", text));
    }
    int limit =
        validation
            .optional(limitParam, text -> Limit.parse("limit", text, DEFAULT_READ_LIMIT))
            .map(Limit::value)
            .orElse(DEFAULT_READ_LIMIT);
    Order order = validation.optional(orderParam, Order::parse).orElse(Order.DEFAULT);
    List<Partition> partitions =
        validation
            .optional(partitionsParam, text -> Partition.parseList("partitions", text))
            .orElse(List.of(Partition.FIRST));
    validation.throwIfInvalid();

    var query = new ReadQuery(sinceId, sinceTime, limit, order, partitions);
    return offDriverThreads(messages.read(caller(), application, queue, query))
        .whenComplete((found, failure) -> countRead(application, queue, found))
        .thenApply(MessagesResource::messageList);
  }

  @GET
  @Path(IDS_PATH)
  @Operation(
      operationId = "fetchMessages",
      summary = "Fetch messages by id",
      description = "Ids that are not found are left out.")
  @SecurityRequirementsSet
  @SecurityRequirementsSet(@SecurityRequirement(name = APPLICATION_KEY))
  @APIResponse(
      responseCode = "200",
      description = "The messages found",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "MessageList")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public CompletionStage<Response> fetch(
      @Parameter(description = APPLICATION, required = true) @PathParam("application")
          String application,
      @Parameter(description = QUEUE, required = true, schema = @Schema(ref = "QueueName"))
          @PathParam("queue")
          String queue,
      @Parameter(
              description = IDS,
              required = true,
              style = ParameterStyle.SIMPLE,
              explode = Explode.FALSE,
              schema = @Schema(ref = "MessageRefList"))
          @PathParam("ids")
          String ids) {
    List<MessageRef> refs = MessageRef.parseList(ids);
    return offDriverThreads(messages.fetch(caller(), application, queue, refs))
        .whenComplete((found, failure) -> countRead(application, queue, found))
        .thenApply(MessagesResource::messageList);
  }

  @PUT
  @Path(IDS_PATH)
  @Operation(
      operationId = "overwriteMessages",
      summary = "Overwrite or create messages",
      description =
          "The body becomes the body of every listed message; a listed id that does not exist is"
              + " created with that id.")
  @SecurityRequirement(name = APPLICATION_KEY)
  // By reference: Payara would add an application/json object to an inline body without @Consumes.
  @RequestBody(ref = "MessageBody")
  @APIResponse(
      responseCode = "200",
      description = "The messages were written",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "Ok")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public CompletionStage<Map<String, Object>> overwrite(
      @Parameter(description = APPLICATION, required = true) @PathParam("application")
          String application,
      @Parameter(description = QUEUE, required = true, schema = @Schema(ref = "QueueName"))
          @PathParam("queue")
          String queue,
      @Parameter(
              description = IDS,
              required = true,
              style = ParameterStyle.SIMPLE,
              explode = Explode.FALSE,
              schema = @Schema(ref = "MessageRefList"))
          @PathParam("ids")
          String ids,
      @Context HttpHeaders headers,
      @Parameter(description = TTL, schema = @Schema(ref = "Ttl")) @HeaderParam("X-TTL")
          String ttlHeader,
      InputStream body) {
    List<MessageRef> refs = MessageRef.parseList(ids);
    byte[] bytes = BoundedBody.read(body, limits.maxRequestBytes());
    IncomingMessage message = single(bytes, headers.getMediaType(), ttlHeader, null);
    return offDriverThreads(
            messages.overwrite(
                caller(),
                application,
                queue,
                refs,
                message.body(),
                message.contentType(),
                message.ttl()))
        .thenApply(done -> ok(Map.of()));
  }

  @DELETE
  @Path(IDS_PATH)
  @Operation(operationId = "deleteMessages", summary = "Delete messages by id")
  @SecurityRequirement(name = APPLICATION_KEY)
  @APIResponse(
      responseCode = "200",
      description = "The messages were deleted",
      content = @Content(mediaType = JSON, schema = @Schema(ref = "Ok")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public CompletionStage<Map<String, Object>> delete(
      @Parameter(description = APPLICATION, required = true) @PathParam("application")
          String application,
      @Parameter(description = QUEUE, required = true, schema = @Schema(ref = "QueueName"))
          @PathParam("queue")
          String queue,
      @Parameter(
              description = IDS,
              required = true,
              style = ParameterStyle.SIMPLE,
              explode = Explode.FALSE,
              schema = @Schema(ref = "MessageRefList"))
          @PathParam("ids")
          String ids) {
    List<MessageRef> refs = MessageRef.parseList(ids);
    return offDriverThreads(messages.delete(caller(), application, queue, refs))
        .thenApply(
            done -> {
              metrics.messagesDeleted(application, refs.size());
              return ok(Map.of());
            });
  }

  private IncomingMessage single(
      byte[] bytes, MediaType type, String ttlHeader, String partitionHeader) {
    if (bytes.length > limits.maxMessageBytes()) {
      throw new PayloadTooLarge(
          "body", "A message body may be at most " + limits.maxMessageBytes() + " bytes.");
    }
    var validation = new Validation();
    Ttl ttl = validation.optional(ttlHeader, text -> Ttl.parse("ttl", text)).orElse(Ttl.DEFAULT);
    Optional<Partition> partition =
        validation.optional(partitionHeader, text -> Partition.parse("partition", text));
    Optional<String> text = validation.attempt(() -> bodyText(bytes));
    validation.throwIfInvalid();
    String contentType = type == null ? null : type.toString();
    return new IncomingMessage(text.orElseThrow(), contentType, ttl, partition);
  }

  private <T> CompletionStage<T> offDriverThreads(CompletionStage<T> storageAnswer) {
    return responders.offDriverThreads(storageAnswer);
  }

  private Caller caller() {
    return ApplicationKeyFilter.caller(httpRequest);
  }

  private void countRead(String application, String queue, List<Message> found) {
    if (found != null) {
      traffic.read(application, queue, found.size());
      long bytes = 0;
      for (Message message : found) {
        bytes += Utf8.length(message.body());
      }
      metrics.messagesRead(application, found.size(), bytes);
    }
  }

  /** The messages a post stored: repeats of an idempotency key store nothing. */
  private static int stored(List<PostedMessage> posted) {
    int stored = 0;
    for (PostedMessage message : posted) {
      if (!message.duplicate()) {
        stored++;
      }
    }
    return stored;
  }

  /** The single message with the {@code Idempotency-Key} header's key, if one was sent. */
  private static IncomingMessage withKey(IncomingMessage message, String header) {
    if (header == null) {
      return message;
    }
    return new IncomingMessage(
        message.body(),
        message.contentType(),
        message.ttl(),
        message.partition(),
        Optional.of(IdempotencyKey.parse("idempotency_key", header)));
  }

  private static Response messageList(List<Message> found) {
    return Response.ok(new MessageListJson(found), MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static String bodyText(byte[] bytes) {
    if (bytes.length == 0) {
      throw new InvalidParameter("body", "The message body must not be empty.");
    }
    return BoundedBody.utf8(bytes, "body");
  }
}

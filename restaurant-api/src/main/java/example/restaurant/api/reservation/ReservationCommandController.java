package example.restaurant.api.reservation;

import static example.restaurant.api.reservation.CommandContexts.context;

import example.restaurant.api.error.ProblemSchema;
import example.restaurant.api.idempotency.IdempotencyKeys;
import example.restaurant.api.reservation.CommandResponses.OrderChanged;
import example.restaurant.api.reservation.CommandResponses.PaymentTaken;
import example.restaurant.api.reservation.CommandResponses.ReservationChanged;
import example.restaurant.application.port.RecordedEvent;
import example.restaurant.application.table.CommandOutcome;
import example.restaurant.application.table.ReservationQueries;
import example.restaurant.application.table.TableCommandHandler;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableCommand.LeaveTable;
import example.restaurant.domain.table.TableCommand.ServeDrinks;
import example.restaurant.domain.table.TableEvent.BillPaid;
import example.restaurant.domain.table.TableEvent.DrinksOrdered;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/reservations", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Reservation commands", description = "The write side: each change is an event in the reservation's stream")
@ApiResponse(responseCode = "400", description = "validation-failed: malformed or invalid input or header",
    content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
@ApiResponse(responseCode = "503", description = "the database is unreachable or too busy; retry after Retry-After",
    headers = @Header(name = "Retry-After", schema = @Schema(type = "integer")),
    content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
class ReservationCommandController {

  private static final String PROBLEM = "application/problem+json";
  private static final String IDEMPOTENCY_KEY_DOC =
      "1..200 printable ASCII; a retry with the same key on the same endpoint returns the first outcome";
  private static final String IF_MATCH_DOC =
      "\"<version>\" (or *): write only if the reservation is still at that version, else 412";
  private static final String CORRELATION_ID_DOC =
      "1..200 printable ASCII; recorded in the events' metadata (default: the command id)";

  private final TableCommandHandler handler;
  private final ReservationQueries queries;
  private final Clock clock;
  private final ReservationMapper mapper = ReservationMapper.INSTANCE;

  ReservationCommandController(TableCommandHandler handler, ReservationQueries queries, Clock clock) {
    this.handler = handler;
    this.queries = queries;
    this.clock = clock;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Reserve a table")
  @ApiResponse(responseCode = "201", description = "reserved",
      headers = @Header(name = "Location", description = "/api/reservations/{reservationId}",
          schema = @Schema(type = "string")))
  @ApiResponse(responseCode = "422", description = "idempotency-key-reused", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "415", description = "a body that is not application/json", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  ResponseEntity<ReservationChanged> reserve(
      @Valid @RequestBody ReserveTableRequest request,
      @Parameter(description = IDEMPOTENCY_KEY_DOC, schema = @Schema(type = "string", maxLength = 200,
              pattern = CommandContexts.PRINTABLE_ASCII))
          @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
      @Parameter(description = CORRELATION_ID_DOC, schema = @Schema(type = "string", maxLength = 200,
              pattern = CommandContexts.PRINTABLE_ASCII))
          @RequestHeader(name = CommandContexts.CORRELATION_ID, required = false) String correlationId) {
    var headers = new CommandContexts.Headers(idempotencyKey, null, correlationId);
    ReservationId id = CommandContexts.newReservationId(headers);
    CommandOutcome outcome =
        handler.handle(id, mapper.toCommand(request, id, clock.instant()), context("reserve", id, headers));
    return ResponseEntity.created(URI.create("/api/reservations/" + id)).body(changed(outcome));
  }

  @PostMapping(path = "/{reservationId}/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Order drinks",
      description = "An orderId that is already used with the same content is the same order again: 200, nothing new")
  @ApiResponse(responseCode = "201", description = "ordered")
  @ApiResponse(responseCode = "200", description = "the same order again; nothing new was written")
  @ApiResponse(responseCode = "404", description = "reservation-not-found", content = @Content(mediaType = PROBLEM,
      schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "409", description = "reservation-closed, order-id-conflict", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "412", description = "version-mismatch (If-Match)", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "422", description = "too-many-drinks, idempotency-key-reused", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "415", description = "a body that is not application/json", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  ResponseEntity<OrderChanged> order(
      @PathVariable @Schema(format = "uuid") String reservationId,
      @Valid @RequestBody OrderDrinksRequest request,
      @Parameter(description = IDEMPOTENCY_KEY_DOC, schema = @Schema(type = "string", maxLength = 200,
              pattern = CommandContexts.PRINTABLE_ASCII))
          @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
      @Parameter(description = IF_MATCH_DOC,
              schema = @Schema(type = "string", pattern = CommandContexts.IF_MATCH_PATTERN))
          @RequestHeader(name = CommandContexts.IF_MATCH, required = false) String ifMatch,
      @Parameter(description = CORRELATION_ID_DOC, schema = @Schema(type = "string", maxLength = 200,
              pattern = CommandContexts.PRINTABLE_ASCII))
          @RequestHeader(name = CommandContexts.CORRELATION_ID, required = false) String correlationId) {
    ReservationId id = ReservationId.parse(reservationId);
    var headers = new CommandContexts.Headers(idempotencyKey, ifMatch, correlationId);
    OrderId orderId =
        request.orderId() != null ? OrderId.parse(request.orderId()) : CommandContexts.newOrderId(id, headers);
    CommandOutcome outcome =
        handler.handle(id, mapper.toCommand(request, orderId, clock.instant()), context("order", id, headers));
    if (outcome.recorded()) {
      return ResponseEntity.status(HttpStatus.CREATED).body(orderChanged(outcome, orderId, outcome.version()));
    }
    return ResponseEntity.ok(orderChanged(outcome, orderId, versionThatOrdered(id, orderId, outcome.version())));
  }

  @PostMapping("/{reservationId}/orders/{orderId}/serve")
  @Operation(summary = "Serve an order")
  @ApiResponse(responseCode = "200", description = "served")
  @ApiResponse(responseCode = "404", description = "reservation-not-found, order-not-found", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "409", description = "order-already-served, order-cancelled, reservation-closed",
      content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "412", description = "version-mismatch (If-Match)", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "422", description = "idempotency-key-reused", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  OrderChanged serve(
      @PathVariable @Schema(format = "uuid") String reservationId,
      @PathVariable @Schema(format = "uuid") String orderId,
      @Parameter(description = IDEMPOTENCY_KEY_DOC, schema = @Schema(type = "string", maxLength = 200,
              pattern = CommandContexts.PRINTABLE_ASCII))
          @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
      @Parameter(description = IF_MATCH_DOC,
              schema = @Schema(type = "string", pattern = CommandContexts.IF_MATCH_PATTERN))
          @RequestHeader(name = CommandContexts.IF_MATCH, required = false) String ifMatch,
      @Parameter(description = CORRELATION_ID_DOC, schema = @Schema(type = "string", maxLength = 200,
              pattern = CommandContexts.PRINTABLE_ASCII))
          @RequestHeader(name = CommandContexts.CORRELATION_ID, required = false) String correlationId) {
    ReservationId id = ReservationId.parse(reservationId);
    OrderId order = OrderId.parse(orderId);
    var headers = new CommandContexts.Headers(idempotencyKey, ifMatch, correlationId);
    CommandOutcome outcome =
        handler.handle(id, new ServeDrinks(order, clock.instant()), context("serve\n" + order, id, headers));
    return orderChanged(outcome, order, outcome.version());
  }

  @PostMapping("/{reservationId}/orders/{orderId}/cancel")
  @Operation(summary = "Cancel an order that has not been served", description = "The body is optional")
  @ApiResponse(responseCode = "200", description = "cancelled")
  @ApiResponse(responseCode = "404", description = "reservation-not-found, order-not-found", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "409", description = "order-already-served, order-cancelled, reservation-closed",
      content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "412", description = "version-mismatch (If-Match)", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "422", description = "idempotency-key-reused", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "415", description = "a body that is not application/json", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  OrderChanged cancel(
      @PathVariable @Schema(format = "uuid") String reservationId,
      @PathVariable @Schema(format = "uuid") String orderId,
      @Valid @RequestBody(required = false) CancelOrderRequest request,
      @Parameter(description = IDEMPOTENCY_KEY_DOC, schema = @Schema(type = "string", maxLength = 200,
              pattern = CommandContexts.PRINTABLE_ASCII))
          @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
      @Parameter(description = IF_MATCH_DOC,
              schema = @Schema(type = "string", pattern = CommandContexts.IF_MATCH_PATTERN))
          @RequestHeader(name = CommandContexts.IF_MATCH, required = false) String ifMatch,
      @Parameter(description = CORRELATION_ID_DOC, schema = @Schema(type = "string", maxLength = 200,
              pattern = CommandContexts.PRINTABLE_ASCII))
          @RequestHeader(name = CommandContexts.CORRELATION_ID, required = false) String correlationId) {
    ReservationId id = ReservationId.parse(reservationId);
    OrderId order = OrderId.parse(orderId);
    var headers = new CommandContexts.Headers(idempotencyKey, ifMatch, correlationId);
    CancelOrderRequest body = request != null ? request : CancelOrderRequest.NONE;
    CommandOutcome outcome =
        handler.handle(id, mapper.toCommand(body, order, clock.instant()), context("cancel\n" + order, id, headers));
    return orderChanged(outcome, order, outcome.version());
  }

  @PostMapping(path = "/{reservationId}/payment", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Pay the bill", description = "tip = amount - bill")
  @ApiResponse(responseCode = "200", description = "paid")
  @ApiResponse(responseCode = "404", description = "reservation-not-found", content = @Content(mediaType = PROBLEM,
      schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "409", description = "already-paid, orders-pending, reservation-closed",
      content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "412", description = "version-mismatch (If-Match)", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "422", description = "nothing-to-pay, insufficient-payment, idempotency-key-reused",
      content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "415", description = "a body that is not application/json", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  PaymentTaken pay(
      @PathVariable @Schema(format = "uuid") String reservationId,
      @Valid @RequestBody PayBillRequest request,
      @Parameter(description = IDEMPOTENCY_KEY_DOC, schema = @Schema(type = "string", maxLength = 200,
              pattern = CommandContexts.PRINTABLE_ASCII))
          @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
      @Parameter(description = IF_MATCH_DOC,
              schema = @Schema(type = "string", pattern = CommandContexts.IF_MATCH_PATTERN))
          @RequestHeader(name = CommandContexts.IF_MATCH, required = false) String ifMatch,
      @Parameter(description = CORRELATION_ID_DOC, schema = @Schema(type = "string", maxLength = 200,
              pattern = CommandContexts.PRINTABLE_ASCII))
          @RequestHeader(name = CommandContexts.CORRELATION_ID, required = false) String correlationId) {
    ReservationId id = ReservationId.parse(reservationId);
    var headers = new CommandContexts.Headers(idempotencyKey, ifMatch, correlationId);
    CommandOutcome outcome =
        handler.handle(id, mapper.toCommand(request, clock.instant()), context("pay", id, headers));
    BillPaid paid = outcome.table().payment().orElseThrow();
    return new PaymentTaken(
        id.value(),
        outcome.table().bill().toBigDecimal(),
        paid.amount().toBigDecimal(),
        paid.tip().toBigDecimal(),
        outcome.version(),
        ConsistencyTokens.of(id, outcome.version()));
  }

  @PostMapping("/{reservationId}/leave")
  @Operation(summary = "The party leaves; the reservation is closed")
  @ApiResponse(responseCode = "200", description = "left")
  @ApiResponse(responseCode = "404", description = "reservation-not-found", content = @Content(mediaType = PROBLEM,
      schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "409", description = "bill-not-paid, reservation-closed", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "412", description = "version-mismatch (If-Match)", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "422", description = "idempotency-key-reused", content = @Content(
      mediaType = PROBLEM, schema = @Schema(implementation = ProblemSchema.class)))
  ReservationChanged leave(
      @PathVariable @Schema(format = "uuid") String reservationId,
      @Parameter(description = IDEMPOTENCY_KEY_DOC, schema = @Schema(type = "string", maxLength = 200,
              pattern = CommandContexts.PRINTABLE_ASCII))
          @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
      @Parameter(description = IF_MATCH_DOC,
              schema = @Schema(type = "string", pattern = CommandContexts.IF_MATCH_PATTERN))
          @RequestHeader(name = CommandContexts.IF_MATCH, required = false) String ifMatch,
      @Parameter(description = CORRELATION_ID_DOC, schema = @Schema(type = "string", maxLength = 200,
              pattern = CommandContexts.PRINTABLE_ASCII))
          @RequestHeader(name = CommandContexts.CORRELATION_ID, required = false) String correlationId) {
    ReservationId id = ReservationId.parse(reservationId);
    var headers = new CommandContexts.Headers(idempotencyKey, ifMatch, correlationId);
    return changed(handler.handle(id, new LeaveTable(clock.instant()), context("leave", id, headers)));
  }

  private static ReservationChanged changed(CommandOutcome outcome) {
    return new ReservationChanged(
        outcome.reservationId().value(),
        outcome.version(),
        ConsistencyTokens.of(outcome.reservationId(), outcome.version()));
  }

  private static OrderChanged orderChanged(CommandOutcome outcome, OrderId orderId, long version) {
    return new OrderChanged(
        outcome.reservationId().value(),
        orderId.value(),
        version,
        ConsistencyTokens.of(outcome.reservationId(), version));
  }

  // "The same order again" answers what the first one answered: the version that recorded it.
  private long versionThatOrdered(ReservationId id, OrderId orderId, long fallback) {
    for (RecordedEvent recorded : queries.history(id)) {
      if (recorded.event() instanceof DrinksOrdered ordered && ordered.order().orderId().equals(orderId)) {
        return recorded.version();
      }
    }
    return fallback;
  }
}

package example.restaurant.api.kitchen;

import example.restaurant.api.error.ProblemSchema;
import example.restaurant.api.readside.ConsistencyGate;
import example.restaurant.api.readside.ETags;
import example.restaurant.application.projection.KitchenQueueProjection;
import example.restaurant.application.projection.KitchenTicket;
import example.restaurant.application.projection.ReadModelQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Tag(name = "Kitchen", description = "The queue of drinks to prepare, for the kitchen screen")
class KitchenController {

  private final ReadModelQueries queries;
  private final ConsistencyGate gate;
  private final JsonMapper json;
  /** The last answer as served: kept while the query hands out the same list, so a 304 costs a checkpoint read. */
  private volatile Rendered rendered;

  private record Rendered(List<KitchenTicket> source, List<KitchenOrderView> orders, String etag) {}

  KitchenController(ReadModelQueries queries, ConsistencyGate gate, JsonMapper json) {
    this.queries = queries;
    this.gate = gate;
    this.json = json;
  }

  @GetMapping(path = "/api/kitchen/orders", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Orders neither served nor cancelled, oldest first (ties by orderId)")
  @ApiResponse(responseCode = "200", description = "the pending orders",
      headers = @Header(name = "ETag", description = "changes exactly when the list does", schema = @Schema(type = "string")))
  @ApiResponse(responseCode = "304",
      description = "If-None-Match names the current ETag: nothing changed, no body",
      headers = @Header(name = "ETag", description = "the current ETag", schema = @Schema(type = "string")),
      content = @Content)
  @ApiResponse(responseCode = "400", description = "validation-failed: a malformed Consistency-Token",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "503", description = "read-model-behind: the Consistency-Token was not reached in 5 s",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
  ResponseEntity<List<KitchenOrderView>> pendingOrders(
      @Parameter(description = "a command's consistencyToken: answer once this read model reflects it")
          @RequestHeader(name = ConsistencyGate.HEADER, required = false) String consistencyToken,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    gate.await(consistencyToken, KitchenQueueProjection.NAME);
    Rendered answer = render(queries.kitchenQueue());
    if (ETags.matches(ifNoneMatch, answer.etag())) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(answer.etag()).build();
    }
    return ResponseEntity.ok().eTag(answer.etag()).body(answer.orders());
  }

  private Rendered render(List<KitchenTicket> tickets) {
    Rendered last = rendered;
    if (last != null && last.source() == tickets) {
      return last;
    }
    List<KitchenOrderView> orders = tickets.stream()
        .map(t -> new KitchenOrderView(
            t.orderId().toString(), t.reservationId().toString(), t.tableId(), t.name(), t.productId().value(),
            t.productName(), t.quantity(), t.comment(), t.orderedAt()))
        .toList();
    // the ETag comes from the content, so it stays the same when the read model moved without changing the list
    Rendered fresh = new Rendered(tickets, orders, ETags.of(json.writeValueAsString(orders)));
    rendered = fresh;
    return fresh;
  }
}

package example.restaurant.api.table;

import example.restaurant.api.error.ProblemSchema;
import example.restaurant.api.readside.ConsistencyGate;
import example.restaurant.application.projection.ReadModelQueries;
import example.restaurant.application.projection.ReservedTablesProjection;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Tables", description = "Reserved tables for waiters and the host")
class TablesController {

  record ReservationRow(
      String reservationId, String name, Instant dateTime, int nrOfGuests, BigDecimal bill, String status) {}

  record TableRow(int tableId, List<ReservationRow> reservations) {}

  private final ReadModelQueries queries;
  private final ConsistencyGate gate;

  TablesController(ReadModelQueries queries, ConsistencyGate gate) {
    this.queries = queries;
    this.gate = gate;
  }

  @GetMapping(path = "/api/tables", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Per table, its reservations with from <= dateTime < to, by time; tables without any left out",
      description = "At most 366 days.")
  @ApiResponse(responseCode = "200", description = "tables by id")
  @ApiResponse(responseCode = "400", description = "validation-failed: a missing or malformed instant, or to <= from",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
  @ApiResponse(responseCode = "503", description = "read-model-behind: the Consistency-Token was not reached in 5 s",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
  List<TableRow> tables(
      @Parameter(description = "ISO-8601 instant, inclusive") @RequestParam Instant from,
      @Parameter(description = "ISO-8601 instant, exclusive") @RequestParam Instant to,
      @RequestHeader(name = ConsistencyGate.HEADER, required = false) String consistencyToken) {
    gate.await(consistencyToken, ReservedTablesProjection.NAME);
    return queries.reservedTables(from, to).stream()
        .map(t -> new TableRow(t.tableId(), t.reservations().stream()
            .map(r -> new ReservationRow(r.reservationId().toString(), r.name(), r.dateTime(), r.nrOfGuests(),
                BigDecimal.valueOf(r.billCents(), 2), r.status().name()))
            .toList()))
        .toList();
  }
}

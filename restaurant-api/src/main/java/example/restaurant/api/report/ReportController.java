package example.restaurant.api.report;

import example.restaurant.api.error.ProblemSchema;
import example.restaurant.api.readside.ConsistencyGate;
import example.restaurant.application.projection.ReadModelQueries;
import example.restaurant.application.projection.SalesPerMinuteProjection;
import example.restaurant.application.projection.TopOrdersProjection;
import example.restaurant.domain.table.Money;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/reports", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Reports", description = "Figures for managers, from the read models")
@ApiResponse(responseCode = "400", description = "validation-failed: a parameter out of its range",
    content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
@ApiResponse(responseCode = "503", description = "read-model-behind: the Consistency-Token was not reached in 5 s",
    content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
class ReportController {

  record ProductFigures(int productId, String productName, long quantity, long orders, BigDecimal revenue) {}

  record MinuteFigures(Instant minute, long orders, BigDecimal revenue) {}

  record SalesPerMinute(Instant from, Instant to, List<MinuteFigures> minutes, BigDecimal averageRevenuePerMinute) {}

  private final ReadModelQueries queries;
  private final ConsistencyGate gate;

  ReportController(ReadModelQueries queries, ConsistencyGate gate) {
    this.queries = queries;
    this.gate = gate;
  }

  @GetMapping("/top-orders")
  @Operation(summary = "The most ordered products by quantity (ties by productId), cancelled orders excluded")
  @ApiResponse(responseCode = "200", description = "at most limit products, by quantity descending")
  List<ProductFigures> topOrders(
      @Parameter(description = "how many products, 1..100") @RequestParam(defaultValue = "3") @Min(1) @Max(100)
          int limit,
      @RequestHeader(name = ConsistencyGate.HEADER, required = false) String consistencyToken) {
    gate.await(consistencyToken, TopOrdersProjection.NAME);
    return queries.topOrders(limit).stream()
        .map(p -> new ProductFigures(p.productId().value(), p.productName(), p.quantity(), p.orders(),
            BigDecimal.valueOf(p.revenueCents(), 2)))
        .toList();
  }

  @GetMapping("/sales-per-minute")
  @Operation(summary = "Orders and revenue per minute of ordering in [from, to), and the average per whole minute",
      description = "At most 31 days. Cancelled orders are excluded; minutes without orders are left out.")
  @ApiResponse(responseCode = "200", description = "the minutes with orders, and the average per whole minute")
  SalesPerMinute salesPerMinute(
      @Parameter(description = "ISO-8601 instant, inclusive") @RequestParam Instant from,
      @Parameter(description = "ISO-8601 instant, exclusive") @RequestParam Instant to,
      @RequestHeader(name = ConsistencyGate.HEADER, required = false) String consistencyToken) {
    gate.await(consistencyToken, SalesPerMinuteProjection.NAME);
    ReadModelQueries.SalesReport report = queries.salesPerMinute(from, to);
    return new SalesPerMinute(
        report.from(),
        report.to(),
        report.minutes().stream().map(m -> new MinuteFigures(m.minute(), m.orders(), money(m.revenue()))).toList(),
        report.averageRevenuePerMinute());
  }

  private static BigDecimal money(Money money) {
    return money.toBigDecimal();
  }
}

package example.restaurant.api.reservation;

import example.restaurant.api.error.ProblemSchema;
import example.restaurant.application.table.ReservationDetails;
import example.restaurant.application.table.ReservationQueries;
import example.restaurant.domain.table.InvalidValueException;
import example.restaurant.domain.table.ReservationId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/reservations", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Reservation queries", description = "One reservation, straight from its stream")
@ApiResponse(responseCode = "400", description = "validation-failed: a malformed id or query parameter",
    content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
@ApiResponse(responseCode = "404", description = "reservation-not-found",
    content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
class ReservationQueryController {

  private final ReservationQueries queries;
  private final ReservationMapper mapper = ReservationMapper.INSTANCE;

  ReservationQueryController(ReservationQueries queries) {
    this.queries = queries;
  }

  @GetMapping("/{reservationId}")
  @Operation(summary = "A reservation now, at an instant (?at=) or after an event (?version=)",
      description = "At most one of at and version. 404 when the reservation did not exist yet at that instant, or"
          + " when the version is beyond its stream")
  @ApiResponse(responseCode = "200", description = "the reservation",
      headers = @Header(name = "ETag", description = "\"<version>\"", schema = @Schema(type = "string")))
  @ApiResponse(responseCode = "304", description = "If-None-Match names the current ETag: no body",
      headers = @Header(name = "ETag", description = "\"<version>\"", schema = @Schema(type = "string")),
      content = @Content)
  ResponseEntity<ReservationView> reservation(
      @PathVariable @Schema(format = "uuid") String reservationId,
      @Parameter(description = "an ISO-8601 instant, e.g. 2025-05-26T18:15:00Z") @RequestParam(required = false)
          Instant at,
      @Parameter(description = "a version of the stream, from 1") @RequestParam(required = false)
          @Schema(minimum = "1") Long version,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    ReservationId id = ReservationId.parse(reservationId);
    if (at != null && version != null) {
      throw new InvalidValueException("version", "give either at or version, not both");
    }
    if (version != null && version < 1) {
      throw new InvalidValueException("version", "must be at least 1");
    }
    ReservationDetails details;
    if (at != null) {
      details = queries.atInstant(id, at);
    } else if (version != null) {
      details = queries.atVersion(id, version);
    } else {
      details = queries.current(id);
    }
    String etag = "\"" + details.version() + "\"";
    if (matches(ifNoneMatch, etag)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
    }
    return ResponseEntity.ok().eTag(etag).body(mapper.toView(details));
  }

  @GetMapping("/{reservationId}/events")
  @Operation(summary = "The audit trail: every event of the reservation, oldest first")
  @ApiResponse(responseCode = "200", description = "the events")
  List<EventView> events(@PathVariable @Schema(format = "uuid") String reservationId) {
    return queries.history(ReservationId.parse(reservationId)).stream().map(mapper::toView).toList();
  }

  // Weak comparison, as RFC 9110 asks for If-None-Match.
  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    return Arrays.stream(ifNoneMatch.split(","))
        .map(String::strip)
        .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
        .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
  }
}

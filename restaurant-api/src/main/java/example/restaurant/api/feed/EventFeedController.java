package example.restaurant.api.feed;

import example.restaurant.api.error.ProblemSchema;
import example.restaurant.application.port.EventLog;
import example.restaurant.application.port.LoggedEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Event feed", description = "The public events in one global order, for services with their own checkpoint")
class EventFeedController {

  record FeedEvent(
      long position,
      String type,
      @Schema(nullable = true, description = "null for an event of a type this version does not know")
          String reservationId,
      Instant occurredAt,
      @Schema(nullable = true, description = "null for an event of a type this version does not know")
          Map<String, Object> data) {}

  record Feed(List<FeedEvent> events, long lastPosition) {}

  private final EventLog log;

  EventFeedController(EventLog log) {
    this.log = log;
  }

  @GetMapping(path = "/api/events", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "The public events after a position, oldest first",
      description = "Positions have no gaps; lastPosition is the position of the page's last event, or after when"
          + " the page is empty. An event of a type this version does not know has a null reservationId and data.")
  @ApiResponse(responseCode = "200", description = "a page of the feed")
  @ApiResponse(responseCode = "400", description = "validation-failed: after < 0 or limit outside 1..1000",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
  Feed events(
      @Parameter(description = "the last position the caller has seen, 0 for the start")
          @RequestParam(defaultValue = "0") @Min(0) long after,
      @Parameter(description = "page size, 1..1000") @RequestParam(defaultValue = "100") @Min(1) @Max(1000)
          int limit) {
    List<LoggedEvent> page = log.readAfter(after, limit);
    List<FeedEvent> events = page.stream()
        .map(e -> new FeedEvent(e.position(), e.type(),
            e.known().map(p -> p.reservationId().toString()).orElse(null), e.occurredAt(),
            e.known().map(PublicEventData::of).orElse(null)))
        .toList();
    return new Feed(events, page.isEmpty() ? after : page.getLast().position());
  }
}

package example.restaurant.api.admin;

import example.restaurant.api.error.ProblemSchema;
import example.restaurant.api.error.UnknownProjectionException;
import example.restaurant.application.port.DeadLetters;
import example.restaurant.application.projection.ProjectionRuntime;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Operations", description = "Read models: progress, rebuilds, parked events")
@ApiResponse(responseCode = "404", description = "not-found: no read model of that name",
    content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
class ProjectionAdminController {

  private static final Logger log = LoggerFactory.getLogger(ProjectionAdminController.class);

  record ProjectionStatus(String name, long position, long lag, String status, int parked, boolean activeHere) {}

  record Parked(long position, String type, String error, Instant parkedAt) {}

  record Accepted(String name, String status) {}

  private final ProjectionRuntime runtime;
  private final DeadLetters deadLetters;

  ProjectionAdminController(ProjectionRuntime runtime, DeadLetters deadLetters) {
    this.runtime = runtime;
    this.deadLetters = deadLetters;
  }

  @GetMapping
  @Operation(summary = "Per read model: checkpoint position, lag behind the log, status and parked events")
  @ApiResponse(responseCode = "200", description = "every read model")
  List<ProjectionStatus> projections() {
    return runtime.statuses().stream()
        .map(s -> new ProjectionStatus(s.name(), s.position(), s.lag(), s.state(), s.parked(), s.active()))
        .toList();
  }

  @PostMapping("/{name}/rebuild")
  @Operation(summary = "Rebuild a read model from the whole history; the old one serves until the new one is swapped in")
  @ApiResponse(responseCode = "202", description = "the rebuild has started")
  ResponseEntity<Accepted> rebuild(@PathVariable String name) {
    requireKnown(name);
    Thread.ofVirtual().name("rebuild-" + name).start(() -> {
      try {
        runtime.rebuild(name);
        log.info("Rebuilt read model {}", name);
      } catch (RuntimeException e) {
        log.error("Rebuilding read model {} failed", name, e);
      }
    });
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(name, "REBUILDING"));
  }

  @GetMapping("/{name}/parked")
  @Operation(summary = "Events this read model could not apply, with their errors")
  @ApiResponse(responseCode = "200", description = "the parked events, oldest first")
  List<Parked> parked(@PathVariable String name) {
    requireKnown(name);
    return deadLetters.list(name).stream()
        .map(p -> new Parked(p.position(), p.type(), p.error(), p.parkedAt()))
        .toList();
  }

  @PostMapping("/{name}/parked/{position}/replay")
  @Operation(summary = "Apply a parked event again, once its cause is fixed")
  @ApiResponse(responseCode = "204", description = "applied and removed from the parked events")
  @ApiResponse(responseCode = "400", description = "validation-failed: a position that is not a whole number in range",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemSchema.class)))
  ResponseEntity<Void> replay(@PathVariable String name, @PathVariable long position) {
    requireKnown(name);
    if (deadLetters.list(name).stream().noneMatch(p -> p.position() == position)) {
      throw new UnknownProjectionException("no parked event at position " + position + " for " + name);
    }
    runtime.replayParked(name, position);
    return ResponseEntity.noContent().build();
  }

  private void requireKnown(String name) {
    if (!runtime.knows(name)) {
      throw new UnknownProjectionException("no read model named " + name);
    }
  }
}

package example.restaurant.api.error;

import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;

/** The shape of every error body (RFC 9457), for the OpenAPI document. */
@Schema(name = "Problem", description = "application/problem+json (RFC 9457)")
public record ProblemSchema(
    @Schema(example = "https://restaurant.example/problems/validation-failed") URI type,
    @Schema(example = "Validation failed") String title,
    @Schema(example = "400") int status,
    @Schema(example = "quantity: must be less than or equal to 100") String detail,
    @Schema(format = "uri-reference", description = "the request's path, or urn:uuid:<id> of a logged failure",
            example = "/api/reservations")
        URI instance,
    @Schema(description = "validation-failed only") List<FieldErrorSchema> errors) {

  @Schema(name = "FieldError")
  public record FieldErrorSchema(@Schema(example = "quantity") String field, String message) {}
}

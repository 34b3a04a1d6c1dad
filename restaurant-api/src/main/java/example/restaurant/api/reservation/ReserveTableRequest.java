package example.restaurant.api.reservation;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import tools.jackson.databind.annotation.JsonDeserialize;

record ReserveTableRequest(
    @NotNull @Min(1) @Max(Integer.MAX_VALUE) @Schema(example = "7") Integer tableId,
    @NotBlank @Size(max = 100) @Schema(example = "Jansen", minLength = 1, pattern = "\\S") String name,
    @NotNull @JsonDeserialize(using = StrictOffsetDateTimeDeserializer.class)
        @Schema(description = "with any offset; normalised to UTC", example = "2025-05-26T19:00:00+02:00")
        OffsetDateTime dateTime,
    @NotNull @Min(1) @Max(50) @Schema(example = "4") Integer nrOfGuests) {}

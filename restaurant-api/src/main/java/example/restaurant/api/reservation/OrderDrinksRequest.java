package example.restaurant.api.reservation;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

record OrderDrinksRequest(
    @Pattern(regexp = Uuids.CANONICAL, message = "must be a UUID")
        @Schema(format = "uuid", description = "optional; generated when absent. The same orderId with the same"
            + " content again is the same order (200), with other content a conflict (409)")
        String orderId,
    @NotNull @Min(1) @Max(Integer.MAX_VALUE) @Schema(example = "12") Integer productId,
    @NotBlank @Size(max = 200) @Schema(example = "Tripel", minLength = 1, pattern = "\\S") String productName,
    @NotNull @Min(1) @Max(100) @Schema(example = "2") Integer quantity,
    @NotNull @DecimalMin("0.00") @DecimalMax(MoneyLimits.UNIT_PRICE_MAX)
        @Digits(integer = MoneyLimits.UNIT_PRICE_INTEGER_DIGITS, fraction = 2, message = MoneyLimits.TWO_DECIMALS)
        @Schema(example = "4.50", description = "at most 2 decimals", multipleOf = 0.01)
        BigDecimal unitPrice,
    @Size(max = 500) @Schema(example = "no glass") String comment) {}

package example.restaurant.api.reservation;

import example.restaurant.domain.table.PaymentMethod;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;

record PayBillRequest(
    @NotNull @DecimalMin("0.00") @DecimalMax(MoneyLimits.AMOUNT_MAX)
        @Digits(integer = MoneyLimits.AMOUNT_INTEGER_DIGITS, fraction = 2, message = MoneyLimits.TWO_DECIMALS)
        @Schema(example = "20.00", description = "at least the bill; what exceeds it is the tip", multipleOf = 0.01)
        BigDecimal amount,
    @NotNull PaymentMethod method) {}

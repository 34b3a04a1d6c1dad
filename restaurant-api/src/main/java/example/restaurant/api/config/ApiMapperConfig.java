package example.restaurant.api.config;

import org.mapstruct.MapperConfig;
import org.mapstruct.ReportingPolicy;

/** Shared by every mapper of the API: a target property that nothing fills is a build error, not a silent null. */
@MapperConfig(unmappedTargetPolicy = ReportingPolicy.ERROR)
public interface ApiMapperConfig {}

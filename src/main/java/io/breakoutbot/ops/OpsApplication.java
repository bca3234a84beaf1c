package io.breakoutbot.ops;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** Every REST resource lives under {@code /api}; Payara documents them at {@code /openapi}. */
@ApplicationPath("api")
@OpenAPIDefinition(
        info =
                @Info(
                        title = "breakout-ops",
                        version = "1",
                        description = "Health, resource monitoring and logs of the Breakout Bot's operations service"))
public class OpsApplication extends Application {}

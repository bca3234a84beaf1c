package platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application of bench/footprint's platform WAR: Jersey, as ours starts it. */
@ApplicationPath("api")
public class PlatformApi extends Application {}

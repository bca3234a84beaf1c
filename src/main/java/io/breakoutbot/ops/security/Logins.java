package io.breakoutbot.ops.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;

/** The application's one user store and one failed-login throttle, built from the settings. */
@ApplicationScoped
public class Logins {

    /** Failed logins an address may make in {@link #WINDOW} before it gets 429. */
    static final int BURST = 5;

    static final Duration WINDOW = Duration.ofMinutes(1);

    @Inject
    SecuritySettings configured;

    private SecuritySettings settings;
    private UserStore users;
    private LoginThrottle throttle;

    @PostConstruct
    void init() {
        settings = configured;
        users = new UserStore(new UserFile(settings.usersFile()), Clock.systemUTC());
        throttle = new LoginThrottle(BURST, WINDOW, Clock.systemUTC());
        users.users(); // loads now, so a bad file is reported at start-up, not at the first request
    }

    public SecuritySettings settings() {
        return settings;
    }

    public UserStore users() {
        return users;
    }

    public LoginThrottle throttle() {
        return throttle;
    }
}

package io.breakoutbot.ops.security;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Authentication only, for every request the application receives: HTTP Basic or a bearer token checked
 * against {@link UsersIdentityStore}, or no credentials from a trusted loopback address (a reader named
 * {@code loopback}). It never answers a request itself: a failure or a blocked address is left as a request
 * attribute for {@link AccessControl}, which runs inside the request log and answers in our JSON, so
 * refused requests are logged like any other. Stateless: no session is created.
 */
@ApplicationScoped
public class OpsAuthentication implements HttpAuthenticationMechanism {

    /** Request attribute: the credentials given were wrong or malformed. */
    static final String FAILED = OpsAuthentication.class.getName() + ".failed";
    /** Request attribute: seconds until this address may try credentials again. */
    static final String RETRY_AFTER = OpsAuthentication.class.getName() + ".retryAfter";
    static final String LOOPBACK = "loopback";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    Logins logins;

    @Inject
    Audit audit;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String address = request.getRemoteAddr();
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            if (logins.settings().trustLoopback() && Addresses.isLoopback(address)) {
                return context.notifyContainerAboutLogin(new CallerPrincipal(LOOPBACK), Role.READER.groups());
            }
            return context.doNothing();
        }
        OptionalLong retryAfter = logins.throttle().retryAfter(address);
        if (retryAfter.isPresent()) {
            request.setAttribute(RETRY_AFTER, retryAfter.getAsLong());
            return context.doNothing();
        }
        Credential credential = HttpCredentials.parse(header);
        CredentialValidationResult result = credential == null ? CredentialValidationResult.INVALID_RESULT
                : identityStores.validate(credential);
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            return context.notifyContainerAboutLogin(result);
        }
        boolean blocked = logins.throttle().failed(address);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("remote", address);
        parameters.put("method", request.getMethod());
        parameters.put("path", request.getRequestURI());
        audit.record(new AuditEntry(HttpCredentials.claimedName(credential), "login", "rest", parameters,
                blocked ? "failure: wrong credentials; further attempts from " + address + " get 429 for "
                        + logins.throttle().retryAfter(address).orElse(1) + " s" : "failure: wrong credentials"));
        request.setAttribute(FAILED, Boolean.TRUE);
        return context.doNothing();
    }
}

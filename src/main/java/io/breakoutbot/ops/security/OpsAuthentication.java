package io.breakoutbot.ops.security;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
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
 * against {@link UsersIdentityStore}, or no credentials from a trusted loopback address (marked as such:
 * it may read, see {@link #mayRead}). It never answers a request itself: a failure or a blocked address is left as a request
 * attribute for {@link AccessControl}, which runs inside the request log and answers in our JSON, so
 * refused requests are logged like any other. Stateless: no session is created.
 */
@ApplicationScoped
public class OpsAuthentication implements HttpAuthenticationMechanism {

    /** Request attribute: the credentials given were wrong or malformed. */
    static final String FAILED = OpsAuthentication.class.getName() + ".failed";
    /** Request attribute: seconds until this address may try credentials again. */
    static final String RETRY_AFTER = OpsAuthentication.class.getName() + ".retryAfter";
    /**
     * Request attribute: no credentials, from a trusted loopback address; reads are allowed. Deliberately not
     * a container login: creating a caller costs Payara more than the rest of a health request.
     */
    static final String TRUSTED_LOOPBACK = OpsAuthentication.class.getName() + ".trustedLoopback";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    Logins logins;

    @Inject
    Audit audit;

    /** Whether the caller may read: a user with {@code ops-reader} (or admin), or trusted loopback. */
    public static boolean mayRead(HttpServletRequest request) {
        return request.getAttribute(TRUSTED_LOOPBACK) != null || request.isUserInRole(Role.READER.label());
    }

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String address = request.getRemoteAddr();
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            if (logins.settings().trustLoopback() && Addresses.isLoopback(address)) {
                request.setAttribute(TRUSTED_LOOPBACK, Boolean.TRUE);
            }
            return context.doNothing();
        }
        OptionalLong retryAfter = logins.throttle().retryAfter(address);
        if (retryAfter.isPresent()) {
            request.setAttribute(RETRY_AFTER, retryAfter.getAsLong());
            return context.doNothing();
        }
        Credential credential = HttpCredentials.parse(header);
        CredentialValidationResult result =
                credential == null ? CredentialValidationResult.INVALID_RESULT : identityStores.validate(credential);
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            return context.notifyContainerAboutLogin(result);
        }
        boolean blocked = logins.throttle().failed(address);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("remote", address);
        parameters.put("method", request.getMethod());
        parameters.put("path", request.getRequestURI());
        audit.record(new AuditEntry(
                HttpCredentials.claimedName(credential),
                "login",
                "rest",
                parameters,
                blocked
                        ? "failure: wrong credentials; further attempts from " + address + " get 429 for "
                                + logins.throttle().retryAfter(address).orElse(1) + " s"
                        : "failure: wrong credentials"));
        request.setAttribute(FAILED, Boolean.TRUE);
        return context.doNothing();
    }
}

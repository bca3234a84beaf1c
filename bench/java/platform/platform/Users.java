package platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

/** Basic authentication over an identity store that knows nobody: Jakarta Security, as ours starts it. */
@BasicAuthenticationMechanismDefinition(realmName = "platform")
@ApplicationScoped
public class Users implements IdentityStore {

    @Override
    public CredentialValidationResult validate(Credential credential) {
        return CredentialValidationResult.INVALID_RESULT;
    }
}

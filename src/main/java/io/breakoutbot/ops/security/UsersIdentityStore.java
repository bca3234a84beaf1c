package io.breakoutbot.ops.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Optional;

/** Jakarta Security's view of {@code $OPS_HOME/state/users}: passwords and bearer tokens, groups = roles. */
@ApplicationScoped
public class UsersIdentityStore implements IdentityStore {

    @Inject
    Logins logins;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        Optional<User> user;
        if (credential instanceof UsernamePasswordCredential password) {
            user = logins.users().checkPassword(password.getCaller(), password.getPasswordAsString());
        } else if (credential instanceof TokenCredential token) {
            user = logins.users().checkToken(token.token());
        } else {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return user.map(u -> new CredentialValidationResult(u.name(), u.role().groups()))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}

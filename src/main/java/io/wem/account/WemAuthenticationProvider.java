package io.wem.account;

import java.util.List;

import io.wem.access.SignedInUser;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/** Plugs {@link SignInService} into Spring Security, for the sign-in form and the session API alike. */
@Component
public class WemAuthenticationProvider implements AuthenticationProvider {

    private final SignInService signIn;

    WemAuthenticationProvider(SignInService signIn) {
        this.signIn = signIn;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        SignedInUser user = signIn.signIn(authentication.getName(), password);
        return authenticated(user);
    }

    /** Returns the authentication of a signed-in user, with the role as its one authority and no credentials. */
    public static Authentication authenticated(SignedInUser user) {
        return UsernamePasswordAuthenticationToken.authenticated(
                user, null, List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name())));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

package io.wem.account;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.SignedInRoute;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user's own account, for every role. */
@RestController
@SignedInRoute
class AccountApiController {

    private final UserService users;

    AccountApiController(UserService users) {
        this.users = users;
    }

    @PostMapping(path = "/api/v1/account/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> changePassword(@RequestBody UserRequests.PasswordChange body) {
        users.changeOwnPassword(AuthorizationInterceptor.currentUser(), body);
        return ResponseEntity.noContent().build();
    }
}

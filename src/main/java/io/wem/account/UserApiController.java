package io.wem.account;

import java.util.List;
import java.util.Map;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.Panel;
import io.wem.access.RequiresPanel;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The Users API, part of Management and so Admin-only. It calls the same {@link UserService} as the Users tab. */
@RestController
@RequiresPanel(Panel.MANAGEMENT)
@RequestMapping(path = "/api/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
class UserApiController {

    private final UserService users;

    UserApiController(UserService users) {
        this.users = users;
    }

    @GetMapping
    Map<String, List<UserView>> list(@RequestParam(required = false) String q,
                                     @RequestParam(required = false) String role,
                                     @RequestParam(required = false) String status) {
        return Map.of("users", users.search(q, role, status));
    }

    @GetMapping("/summary")
    UserRepository.Summary summary() {
        return users.summary();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> create(@RequestBody UserRequests.CreateUser body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(users.create(AuthorizationInterceptor.currentUser(), body));
    }

    @GetMapping("/{id}")
    UserView get(@PathVariable long id) {
        return users.get(id);
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserView update(@PathVariable long id, @RequestBody UserRequests.UpdateUser body) {
        return users.update(AuthorizationInterceptor.currentUser(), id, body);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        users.delete(AuthorizationInterceptor.currentUser(), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/unlock")
    UserView unlock(@PathVariable long id) {
        return users.unlock(AuthorizationInterceptor.currentUser(), id);
    }

    @PostMapping(path = "/{id}/password-reset", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserView resetPassword(@PathVariable long id, @RequestBody UserRequests.PasswordReset body) {
        return users.resetPassword(AuthorizationInterceptor.currentUser(), id, body);
    }
}

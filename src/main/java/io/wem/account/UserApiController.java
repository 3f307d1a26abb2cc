package io.wem.account;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.wem.access.Panel;
import io.wem.access.RequiresPanel;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The Users API, part of Management and so Admin-only. */
@RestController
@RequiresPanel(Panel.MANAGEMENT)
@RequestMapping(path = "/api/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
class UserApiController {

    private final UserRepository users;
    private final Clock clock;

    UserApiController(UserRepository users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    @GetMapping
    Map<String, List<UserView>> list() {
        return Map.of("users", users.findAll().stream().map(user -> UserView.of(user, clock)).toList());
    }
}

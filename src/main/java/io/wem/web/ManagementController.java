package io.wem.web;

import io.wem.access.Panel;
import io.wem.access.RequiresPanel;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The Management area, Admin-only. Its tabs (Users, Roles, Permissions, Audit Log, Settings, Canary Checks) fill it. */
@Controller
@RequiresPanel(Panel.MANAGEMENT)
class ManagementController {

    @GetMapping("/management")
    String management() {
        return "management/index";
    }
}

"""The "Send to my backpack at …" buttons the backpack's badge page shows for each connected
Open Badges 3.0 host (the backpack app does not know about hosts)."""

from django import template

from ..models import HostConnection

register = template.Library()


@register.inclusion_tag("obapi/_send_to_hosts.html", takes_context=True)
def send_to_hosts(context, item):
    user = context["request"].user
    hosts = HostConnection.objects.filter(user=user, status=HostConnection.CONNECTED)
    return {"item": item, "hosts": list(hosts), "csrf_token": context.get("csrf_token")}

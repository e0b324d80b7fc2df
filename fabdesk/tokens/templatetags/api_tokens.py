from django import template

from fabdesk.tokens.selectors import token_list

register = template.Library()


@register.simple_tag
def api_tokens_of(user, limit: int = 5):
    """The person's newest tokens, for the panel on their profile page."""
    return list(token_list(user=user)[:limit])

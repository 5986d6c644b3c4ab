"""What every context's use cases share: the actor, paging, base errors, common ports."""
